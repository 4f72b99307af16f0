package pagoda.decoder;

import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * The adaptive weight of the GAN term (Esser et al. 2021, VQGAN, Eq. 7, as PaGoDA's reference uses it):
 * <pre>
 *   lambda = clip( |grad_W L_rec| / (|grad_W L_G| + 1e-4), 0.01, 10 )
 * </pre>
 * with W the last layer of the generator ({@link Generator#lastLayerName()}) and |.| the Frobenius norm. It is
 * a number, not part of the graph: no gradient flows through it.
 */
public final class AdaptiveWeight {
    public static final double DELTA = 1e-4;
    public static final double MIN = 0.01;
    public static final double MAX = 10;

    private AdaptiveWeight() {
    }

    /** lambda from the two gradients of the last layer's weight. */
    public static double of(Tensor gradReconstruction, Tensor gradGan) {
        return of(norm(gradReconstruction), norm(gradGan));
    }

    /** lambda from the two gradient norms. */
    public static double of(double normReconstruction, double normGan) {
        double ratio = normReconstruction / (normGan + DELTA);
        if (Double.isNaN(ratio)) {
            return ratio;
        }
        return Math.max(MIN, Math.min(MAX, ratio));
    }

    /** The Frobenius norm, accumulated in double. */
    static double norm(Tensor t) {
        double sum = 0;
        for (float v : t.toFloatArray()) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }
}
