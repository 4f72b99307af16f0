package pagoda.unet.gan;

import pagoda.autograd.BatchNormOutput;
import pagoda.autograd.Fn;
import pagoda.autograd.Module;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/**
 * {@code torch.nn.BatchNorm2d(channels, eps, momentum)} (Ioffe and Szegedy 2015) with an affine transform
 * and running statistics. Training: normalise with the batch's mean and biased variance per channel over
 * N, H, W, then update {@code running_mean = (1 - momentum) running_mean + momentum mean} and
 * {@code running_var = (1 - momentum) running_var + momentum var_unbiased}, var_unbiased = var M / (M - 1)
 * for M = N H W, and count {@code num_batches_tracked}. Evaluation: normalise with the running
 * statistics. State: {@code weight} (1), {@code bias} (0), {@code running_mean} (0), {@code running_var}
 * (1), {@code num_batches_tracked} (0, a float scalar here where torch keeps an int64).
 */
public final class BatchNorm2d extends Module {
    public static final float DEFAULT_EPS = 1e-5f;
    public static final float DEFAULT_MOMENTUM = 0.1f;

    private final Parameter weight;
    private final Parameter bias;
    private final int channels;
    private final float eps;
    private final float momentum;

    public BatchNorm2d(Backend backend, int channels) {
        this(backend, channels, DEFAULT_EPS, DEFAULT_MOMENTUM);
    }

    public BatchNorm2d(Backend backend, int channels, float eps, float momentum) {
        if (channels < 1 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm2d: " + channels + " channels, eps " + eps + ", momentum " + momentum
                    + " (expected channels >= 1, eps > 0, momentum in [0, 1])");
        }
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = registerParameter("weight", Ops.full(backend, 1f, channels));
        this.bias = registerParameter("bias", Tensor.zeros(backend, channels));
        registerBuffer("running_mean", Tensor.zeros(backend, channels));
        registerBuffer("running_var", Ops.full(backend, 1f, channels));
        registerBuffer("num_batches_tracked", Tensor.zeros(backend));
    }

    /** x [N, C, H, W]. */
    public Var forward(Var x) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != channels) {
            throw new IllegalArgumentException("BatchNorm2d: input " + Shapes.str(s) + " must be [N, " + channels + ", H, W]");
        }
        if (!isTraining()) {
            return Fn.batchNormEval(x, weight, bias, buffer("running_mean"), buffer("running_var"), eps);
        }
        long m = (long) s[0] * s[2] * s[3];
        if (m < 2) {
            throw new IllegalArgumentException("BatchNorm2d: expected more than 1 value per channel when training, got input "
                    + Shapes.str(s));
        }
        BatchNormOutput r = Fn.batchNormWithStats(x, weight, bias, eps);
        Tensor unbiased = Ops.mul(r.variance(), (float) ((double) m / (m - 1)));
        setBuffer("running_mean", blend(buffer("running_mean"), r.mean()));
        setBuffer("running_var", blend(buffer("running_var"), unbiased));
        setBuffer("num_batches_tracked", Ops.add(buffer("num_batches_tracked"), 1f));
        return r.out();
    }

    /** {@code (1 - momentum) running + momentum batch}. */
    private Tensor blend(Tensor running, Tensor batch) {
        return Ops.add(Ops.mul(running, 1f - momentum), Ops.mul(batch, momentum));
    }
}
