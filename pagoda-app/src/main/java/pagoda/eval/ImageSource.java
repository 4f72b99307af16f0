package pagoda.eval;

import java.io.IOException;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * A finite, ordered set of images of one size, read in batches: what the metrics compare. Sample
 * files, folders of PNGs and the data sets of the data module all serve the metrics through it.
 * Images are [C, H, W] with C = 1 (grey) or 3 (RGB) and values in [-1, 1].
 */
public interface ImageSource extends AutoCloseable {
    /** What this is, for reports and error messages: a file, a folder, a data set and its split. */
    String describe();

    int size();

    int channels();

    int height();

    int width();

    /** Images [from, to) as [to - from, C, H, W] in [-1, 1] on {@code backend}. */
    Tensor read(int from, int to, Backend backend) throws IOException;

    @Override
    default void close() throws IOException {
    }
}
