package pagoda.autograd.optim;

import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/** The moment updates shared by the Adam family, in torch.optim's order of operations. */
final class Moments {
    private Moments() {
    }

    /** {@code m + (1 - beta1) (g - m)}: torch's {@code exp_avg.lerp_(grad, 1 - beta1)}. */
    static Tensor firstMoment(Tensor m, Tensor g, double beta1) {
        return Ops.add(m, Ops.mul(Ops.sub(g, m), (float) (1 - beta1)));
    }

    /** {@code beta2 v + (1 - beta2) g^2}: torch's {@code exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)}. */
    static Tensor secondMoment(Tensor v, Tensor g, double beta2) {
        return Ops.add(Ops.mul(v, (float) beta2), Ops.mul(Ops.square(g), (float) (1 - beta2)));
    }

    /** {@code g + weightDecay * p}: L2 regularisation folded into the gradient. */
    static Tensor withL2(Tensor g, Tensor p, double weightDecay) {
        return weightDecay == 0 ? g : Ops.add(g, Ops.mul(p, (float) weightDecay));
    }

    /**
     * {@code p (1 - rate)} computed as {@code p - rate p}: the small coefficient {@code rate} keeps its
     * precision when rounded to float, where {@code 1 - rate} would lose most of it (1 - 1e-6 is only
     * 17 ulps from 1).
     */
    static Tensor decayed(Tensor p, double rate) {
        return Ops.add(p, Ops.mul(p, (float) -rate));
    }

    static void checkBetas(String who, double beta1, double beta2, double eps, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(who + ": betas (" + beta1 + ", " + beta2 + ") must lie in [0, 1)");
        }
        if (!(eps >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException(who + ": eps " + eps + " and weight decay " + weightDecay + " must be >= 0");
        }
    }
}
