package pagoda.eval;

import pagoda.tensor.Backend;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.NnOps;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/**
 * Inception-v3's {@code BasicConv2d}: a convolution without bias, batch normalisation (eps 0.001, running
 * statistics) and ReLU. The normalisation is folded into the convolution once at load time,
 * {@code w' = w gamma / sqrt(var + eps)}, {@code b' = beta - mean gamma / sqrt(var + eps)}, so that the
 * forward pass is one fused conv2d + bias + ReLU.
 */
final class BasicConv {
    static final double BN_EPS = 0.001;

    private final Tensor weight;
    private final Tensor bias;
    private final Conv2dSpec spec;

    private BasicConv(Tensor weight, Tensor bias, Conv2dSpec spec) {
        this.weight = weight;
        this.bias = bias;
        this.spec = spec;
    }

    /**
     * Takes {@code <prefix>.conv.weight} [out, in, kh, kw] and {@code <prefix>.bn.{weight, bias,
     * running_mean, running_var}} [out] from {@code state}.
     */
    static BasicConv load(StateDict state, String prefix, int in, int out, int kh, int kw, int stride, int padH, int padW,
                          Backend backend) {
        double[] w = state.take(prefix + ".conv.weight", out, in, kh, kw).toDoubleArray();
        double[] gamma = state.take(prefix + ".bn.weight", out).toDoubleArray();
        double[] beta = state.take(prefix + ".bn.bias", out).toDoubleArray();
        double[] mean = state.take(prefix + ".bn.running_mean", out).toDoubleArray();
        double[] var = state.take(prefix + ".bn.running_var", out).toDoubleArray();
        int perOut = in * kh * kw;
        double[] b = new double[out];
        for (int o = 0; o < out; o++) {
            if (!(var[o] >= 0)) {
                throw new WeightsException(state.source() + ": tensor '" + prefix + ".bn.running_var' has "
                        + var[o] + " at " + o + ", expected a variance >= 0");
            }
            double scale = gamma[o] / Math.sqrt(var[o] + BN_EPS);
            for (int i = 0; i < perOut; i++) {
                w[o * perOut + i] *= scale;
            }
            b[o] = beta[o] - mean[o] * scale;
        }
        return new BasicConv(Tensor.ofDoubles(backend, w, out, in, kh, kw), Tensor.ofDoubles(backend, b, out),
                new Conv2dSpec(stride, stride, padH, padW));
    }

    /** A square kernel with equal padding. */
    static BasicConv load(StateDict state, String prefix, int in, int out, int k, int stride, int pad, Backend backend) {
        return load(state, prefix, in, out, k, k, stride, pad, pad, backend);
    }

    Tensor forward(Tensor x) {
        return NnOps.conv2d(x, weight, bias, spec, UnaryOp.RELU, 0);
    }
}
