package pagoda.data;

import pagoda.image.ByteImage;

/** What decoding one item of a source gave: an image to keep, or why it was skipped or dropped. */
public sealed interface SourceItem {

    /**
     * A usable image. {@code id} identifies it within its source at every resolution; {@code label} is its
     * class, -1 for unlabelled sources; {@code test} puts it in the held-out split.
     */
    record Kept(long id, int label, boolean test, ByteImage image) implements SourceItem {
    }

    /** An unreadable or odd item (a corrupt file, a text file, a bitmap that is not PNG). */
    record Skipped(String item, String reason) implements SourceItem {
    }

    /** A readable image that a rule of the source excludes on purpose; {@code detail} says why this one. */
    record Dropped(String item, String rule, String detail) implements SourceItem {
    }
}
