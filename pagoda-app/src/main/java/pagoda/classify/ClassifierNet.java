package pagoda.classify;

import pagoda.autograd.Fn;
import pagoda.autograd.Module;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.ReduceOp;
import pagoda.unet.Conv2d;
import pagoda.unet.Linear;
import pagoda.unet.WeightInit;

/**
 * The small CNN that scores the class of generated images (the class accuracy of guided samples): three
 * 3x3 convolutions with SiLU, 2x average pooling after the first two, a global mean and a linear layer to
 * the class logits:
 * <pre>
 *   [N, C, R, R] -conv0-> [N, w, R, R] -pool-> -conv1-> [N, 2w, R/2, R/2] -pool-> -conv2-> [N, 4w, R/4, R/4]
 *   -mean over H, W-> [N, 4w] -fc-> [N, K]
 * </pre>
 * Weights drawn as EDM draws them (Kaiming-uniform, scaled by sqrt(1/3), seeded), so a seed fixes the net.
 */
public final class ClassifierNet extends Module {
    private static final WeightInit.Spec INIT = new WeightInit.Spec(WeightInit.Mode.KAIMING_UNIFORM, Math.sqrt(1 / 3.0), Math.sqrt(1 / 3.0));

    private final ClassifierConfig config;
    private final Conv2d conv0;
    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Linear fc;

    public ClassifierNet(ClassifierConfig config, Backend backend, long seed) {
        this.config = config;
        WeightInit init = new WeightInit(backend, seed);
        int w = config.width();
        conv0 = registerModule("conv0", new Conv2d(init, config.channels(), w, 3, true, false, false, null, false, INIT));
        conv1 = registerModule("conv1", new Conv2d(init, w, 2 * w, 3, true, false, false, null, false, INIT));
        conv2 = registerModule("conv2", new Conv2d(init, 2 * w, 4 * w, 3, true, false, false, null, false, INIT));
        fc = registerModule("fc", new Linear(init, 4 * w, config.classes(), true, INIT));
    }

    public ClassifierConfig config() {
        return config;
    }

    /** Class logits [N, K] of images [N, C, R, R] in [-1, 1]. */
    public Var forward(Var x) {
        Var h = Fn.avgPool2x(Fn.silu(conv0.forward(x)));
        h = Fn.avgPool2x(Fn.silu(conv1.forward(h)));
        h = Fn.silu(conv2.forward(h));
        return fc.forward(Fn.mean(h, 2, 3));
    }

    /**
     * The mean cross-entropy of logits [N, K] against one-hot labels [N, K]:
     * {@code mean_n (logsumexp_k z_nk - sum_k y_nk z_nk)}, with the row maximum subtracted first (a constant,
     * which leaves the value and gradient unchanged) so that exp cannot overflow.
     */
    public static Var crossEntropy(Var logits, Var oneHot) {
        Var shifted = Fn.sub(logits, Var.constant(Ops.reduce(ReduceOp.MAX, logits.value(), 0, true, 1)));
        Var logSumExp = Fn.log(Fn.sumKeep(Fn.exp(shifted), 1));
        return Fn.mean(Fn.sub(logSumExp, Fn.sumKeep(Fn.mul(shifted, oneHot), 1)));
    }
}
