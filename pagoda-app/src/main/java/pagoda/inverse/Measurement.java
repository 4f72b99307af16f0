package pagoda.inverse;

import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.tensor.Tensor;

/**
 * A known forward operator A of an inverse problem y = A(x): images x [N, C, H, W] in, measurements y out.
 * Differentiable, so that the latent of a one-step generator can be fitted to y through it ({@link LatentFit}).
 */
public interface Measurement {
    /** A(x), recorded on the tape. */
    Var apply(Var x);

    /** A(x) without gradient. */
    default Tensor apply(Tensor x) {
        try (NoGrad ng = NoGrad.enter()) {
            return apply(Var.constant(x)).value();
        }
    }

    /**
     * The simple estimate of x from y that a fit is measured against, [N, channels, H, W]: what one gets without
     * a generative prior.
     */
    Tensor baseline(Tensor y, int channels);

    /**
     * The estimate made consistent with the measurements where that is exact and cheap: for a mask the known
     * pixels pasted in, for greyscale the luma corrected; the estimate itself where no such step exists.
     */
    default Tensor consistent(Tensor estimate, Tensor y) {
        return estimate;
    }

    /** What the operator is, for records: {@code mask (192 of 256 pixels known)}. */
    String describe();
}
