package pagoda.decoder;

import java.util.Map;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;
import pagoda.tensor.Tensor;

/**
 * A PaGoDA one-step generator, as sampling, reconstruction and the inverse problems use it: latents at the
 * teacher's resolution in, images at the generator's resolution out (the same for stage 2's {@link Generator},
 * a power of two times it for a grown one).
 */
public interface OneStepGenerator {
    /** Image channels C, of the latents and of the images. */
    int channels();

    /** The side of the latents z [N, C, r, r]: the teacher's resolution. */
    int latentResolution();

    /** The side of the images G returns [N, C, R, R]. */
    int resolution();

    /** The number of classes K of the one-hot labels; 0 when unconditional. */
    int classes();

    /**
     * G(z, y).
     *
     * @param z      latents [N, C, r, r] (the encoder's output, or 80 eps for fresh samples)
     * @param labels one-hot [N, K] or [1, K]; null for an unconditional generator or the zero label
     * @param seed   the Philox stream of this pass's dropout masks (training mode only)
     * @return images [N, C, R, R], unclamped
     */
    Var forward(Var z, Tensor labels, long seed);

    /** Whether G also takes a guidance scale w (the guided generator); otherwise it samples at w = 1 only. */
    default boolean guided() {
        return false;
    }

    /**
     * G(z, y, w): as {@link #forward(Var, Tensor, long)} at the guidance scale w of each sample.
     *
     * @param guidance w per sample [N], or null for w = 1
     * @throws IllegalArgumentException when a scale other than 1 is asked of a generator that is not {@link #guided}
     */
    default Var forward(Var z, Tensor labels, double[] guidance, long seed) {
        if (guidance != null) {
            for (double w : guidance) {
                if (w != 1) {
                    throw new IllegalArgumentException("guidance scale " + w + " asked of a generator trained without guidance");
                }
            }
        }
        return forward(z, labels, seed);
    }

    /** The weights by their names in the generator's file. */
    Map<String, Parameter> parameters();

    /** Training mode (dropout on) or evaluation mode. */
    void train(boolean on);
}
