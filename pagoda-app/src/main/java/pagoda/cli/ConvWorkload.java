package pagoda.cli;

import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;

/**
 * 2-D convolution x [N, C, H, W] * w [K, C, R, R] -> y [N, K, P, Q], no bias, forward only or forward plus
 * both gradients (data and weight, from a fixed random dy). Forward costs 2 N K C R R P Q FLOP; each
 * gradient costs the same again, so forward+backward is 3x. It goes through {@link NnOps}, which
 * allocates the outputs on every run, as PyTorch's conv2d and autograd do in the peer script.
 */
final class ConvWorkload implements Workload {
    private final int n;
    private final int c;
    private final int h;
    private final int w;
    private final int k;
    private final int kernel;
    private final int stride;
    private final int pad;
    private final boolean backward;
    private final int p;
    private final int q;
    private final Conv2dSpec spec;
    private final Tensor x;
    private final Tensor weight;
    private final Tensor dy;

    /** Throws {@link IllegalArgumentException} naming the options when the shape leaves no output. */
    ConvWorkload(CpuBackend backend, int n, int c, int h, int w, int k, int kernel, int stride, int pad, boolean backward) {
        this.spec = Conv2dSpec.of(stride, pad);
        this.p = spec.outH(h, kernel);
        this.q = spec.outW(w, kernel);
        if (h + 2 * pad < kernel || w + 2 * pad < kernel) {
            throw new IllegalArgumentException("--kernel " + kernel + " is larger than the padded input (--h " + h
                    + " --w " + w + " with --pad " + pad + ")");
        }
        Memory.require(new String[] {"x [--n, --c, --h, --w]", "w [--k, --c, --kernel, --kernel]", "y [--n, --k, P, Q]",
                        "dy", "dx", "dw"},
                new long[] {(long) n * c * h * w, (long) k * c * kernel * kernel, (long) n * k * p * q,
                        backward ? (long) n * k * p * q : 0, backward ? (long) n * c * h * w : 0,
                        backward ? (long) k * c * kernel * kernel : 0});
        this.n = n;
        this.c = c;
        this.h = h;
        this.w = w;
        this.k = k;
        this.kernel = kernel;
        this.stride = stride;
        this.pad = pad;
        this.backward = backward;
        this.x = Ops.uniform(backend, 1, 0, -1, 1, n, c, h, w);
        this.weight = Ops.uniform(backend, 2, 0, -1, 1, k, c, kernel, kernel);
        this.dy = backward ? Ops.uniform(backend, 3, 0, -1, 1, n, k, p, q) : null;
    }

    @Override
    public String label() {
        return "conv2d " + kernel + "x" + kernel + " [" + n + "," + c + "," + h + "," + w + "]->" + k
                + (stride == 1 ? "" : " stride " + stride) + (backward ? " fwd+bwd" : " forward");
    }

    @Override
    public double flop() {
        double forward = 2.0 * n * k * c * kernel * kernel * p * q;
        return backward ? 3 * forward : forward;
    }

    @Override
    public void run() {
        NnOps.conv2d(x, weight, null, spec);
        if (backward) {
            NnOps.conv2dBackwardData(dy, weight, spec, x.shape());
            NnOps.conv2dBackwardWeight(dy, x, spec, weight.shape());
        }
    }

    @Override
    public void describe(Json json) {
        json.put("bench", "conv").put("n", n).put("c", c).put("h", h).put("w", w).put("k", k)
                .put("kernel", kernel).put("stride", stride).put("pad", pad).put("p", p).put("q", q)
                .put("backward", backward);
    }
}
