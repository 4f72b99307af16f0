package pagoda.unet;

import pagoda.autograd.Var;
import pagoda.autograd.optim.Optimizer;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * One EDM training step of the teacher: draw ln sigma and the noise, compute {@link EdmLoss}, back-propagate,
 * update with the optimiser. Every draw of step {@code t} comes from Philox stream {@code seed} at offsets
 * derived from t (the normal deviates, the noise image, the dropout masks), so a run is reproducible and
 * resumable from the step count alone.
 */
public final class EdmTrainingStep {
    /** Philox offsets reserved per step for each kind of draw. */
    private static final long STEP_STRIDE = 1L << 32;

    private final EDMPrecond net;
    private final Optimizer optimizer;
    private final long seed;
    private long step;

    public EdmTrainingStep(EDMPrecond net, Optimizer optimizer, long seed) {
        this.net = net;
        this.optimizer = optimizer;
        this.seed = seed;
    }

    /** Runs step {@code step()} on a batch and returns its loss. */
    public double run(Tensor images, Tensor classLabels) {
        int[] s = images.shape();
        long offset = step * STEP_STRIDE;
        Tensor rnd = Ops.normal(images.backend(), seed, offset, 0f, 1f, s[0], 1, 1, 1);
        Tensor noise = Ops.normal(images.backend(), seed + 1, offset, 0f, 1f, s);
        net.train(true);
        optimizer.zeroGrad();
        Var loss = EdmLoss.loss(net, images, classLabels, rnd, noise, seed + 2 + step);
        loss.backward();
        optimizer.step();
        step++;
        return loss.value().item();
    }

    public long step() {
        return step;
    }
}
