package pagoda.train;

import java.util.Map;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * The training images as the loop consumes them: an endless, seeded stream of batches whose position can be
 * saved in a checkpoint and restored, so that a resumed run sees exactly the batches an uninterrupted run
 * would have seen.
 */
public interface TrainingData {
    /** One batch: images [N, C, R, R] in [-1, 1]; one-hot labels [N, classes], or null for unlabelled data. */
    record Batch(Tensor images, Tensor labels) {
    }

    int channels();

    int resolution();

    /** Number of classes; 0 for unlabelled data. */
    int classes();

    /** Number of distinct training images (for messages). */
    int size();

    /** The next {@code n} images of the stream, each mirrored at random when {@code xflip}. */
    Batch next(Backend backend, int n, boolean xflip);

    /** The stream's position, JSON-serialisable (maps, lists, strings, numbers). */
    Map<String, Object> state();

    /**
     * Continues from a position {@link #state} returned.
     *
     * @throws IllegalArgumentException naming {@code source} when the state does not belong to this stream
     */
    void restore(Map<String, Object> state, String source);
}
