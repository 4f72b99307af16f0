package pagoda.decoder;

import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * The decoder's training data: numbered pairs of a latent (the teacher's encoding of an image) and the
 * image, with its label for class-conditional data. {@link PairData} reads them from an {@code encode}
 * folder.
 */
public interface DecoderData {
    /** Latents [B, C, r, r], images [B, C, R, R] in [-1, 1], one-hot labels [B, K] or null. */
    record Batch(Tensor latents, Tensor images, Tensor labels) {
    }

    /** Number of pairs. */
    int size();

    int channels();

    /** The side r of the latents (the teacher's resolution). */
    int resolution();

    /** The side R of the images: the latents' for stage 2, larger for a grown generator. */
    default int imageResolution() {
        return resolution();
    }

    /** Number of classes; 0 for unlabelled data. */
    int classes();

    /** The given pairs. */
    Batch batch(Backend backend, int[] pairs);
}
