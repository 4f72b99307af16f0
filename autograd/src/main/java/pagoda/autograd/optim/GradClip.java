package pagoda.autograd.optim;

import java.util.Collection;
import pagoda.autograd.Var;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/** Gradient clipping by global norm, as {@code torch.nn.utils.clip_grad_norm_} with the 2-norm. */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Scales every gradient by {@code min(1, maxNorm / (norm + 1e-6))}, norm being the 2-norm of all
     * gradients taken together (Vars without a gradient are skipped).
     *
     * @return the norm before clipping
     */
    public static double clipByGlobalNorm(Collection<? extends Var> vars, double maxNorm) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clipByGlobalNorm: maximum norm " + maxNorm + " must be >= 0");
        }
        double norm = globalNorm(vars);
        double coefficient = Math.min(1.0, maxNorm / (norm + 1e-6));
        if (coefficient < 1.0 || Double.isNaN(coefficient)) {
            for (Var v : vars) {
                Tensor g = v.grad();
                if (g != null) {
                    v.setGrad(Ops.mul(g, (float) coefficient));
                }
            }
        }
        return norm;
    }

    /** The 2-norm of all gradients together; per-tensor sums of squares are added in double. */
    public static double globalNorm(Collection<? extends Var> vars) {
        double sumSquares = 0;
        for (Var v : vars) {
            Tensor g = v.grad();
            if (g != null) {
                sumSquares += Ops.sum(Ops.square(g)).toDoubleArray()[0];
            }
        }
        return Math.sqrt(sumSquares);
    }
}
