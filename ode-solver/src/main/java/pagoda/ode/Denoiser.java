package pagoda.ode;

import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * The ideal denoiser D(x; sigma, y) of the variance-exploding formulation (EDM, Karras et al. 2022,
 * eq. 2): the estimate of the clean image given {@code x = image + sigma * noise}. The probability-flow
 * ODE the solvers integrate needs nothing else, since its score is (D - x) / sigma^2 (EDM eq. 3). The
 * teacher network with its preconditioning, a guided teacher ({@link GuidedDenoiser}) and analytic test
 * doubles ({@code pagoda.ode.analytic}) plug in here.
 */
@FunctionalInterface
public interface Denoiser {

    /**
     * D(x; sigma, labels).
     *
     * @param x      noisy images [N, C, H, W]; the implementation must not write to it
     * @param sigma  noise level per sample, length N, each positive
     * @param labels class labels [N, K] (one-hot, or whatever the model expects) on x's backend, or null
     *               for an unconditional model
     * @return the denoised images, x's shape, on x's backend
     */
    Tensor denoise(Tensor x, double[] sigma, Tensor labels);

    /** This denoiser with its output clamped to [lo, hi] at every evaluation (PaGoDA's encoder: [-1, 1]). */
    default Denoiser clamped(float lo, float hi) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException("clamped: empty range [" + lo + ", " + hi + "]");
        }
        Denoiser inner = this;
        return (x, sigma, labels) -> Ops.clamp(inner.denoise(x, sigma, labels), lo, hi);
    }
}
