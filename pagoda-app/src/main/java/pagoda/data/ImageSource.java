package pagoda.data;

import java.util.List;

/**
 * A listed source of images. Listing happens when the source is opened; {@link #item} decodes one item and
 * is called from several threads at once, so implementations keep no mutable state.
 */
interface ImageSource {
    /** The source's kind: {@code emoji}, {@code fmnist} or {@code folder}. */
    String kind();

    /** The file or folder read, for messages and summaries. */
    String location();

    /** Channels of every kept image: 3 (RGB) or 1 (grey). */
    int channels();

    /** Class names, label i being classes().get(i); empty for unlabelled sources. */
    List<String> classes();

    /** Items to decode. */
    int size();

    /** Decodes item {@code index}; a bad item is a {@link SourceItem.Skipped}, never an exception. */
    SourceItem item(int index);

    /** Items excluded while listing (odd files, records that are not images), in listing order. */
    List<SourceItem.Skipped> listingSkips();
}
