package pagoda.unet;

import pagoda.autograd.Fn;
import pagoda.autograd.Module;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.Tensor;

/**
 * EDM's convolution with optional 2x up- or down-sampling by a FIR filter (NVlabs/edm {@code Conv2d}).
 * The separable filter {@code f (x) f / (sum f)^2} is kept as the buffer {@code resample_filter}
 * [1, 1, k, k], as in EDM's state dict, and read from there, so a loaded filter is the one applied.
 *
 * <p>Unfused (EDM's default, and the ADM's): up-sampling is the depthwise transposed convolution with
 * {@code 4 f} at stride 2, down-sampling the depthwise convolution with {@code f} at stride 2, then the
 * k x k convolution with "same" padding. Fused ({@code fusedResample}): the up-sampling takes the
 * convolution's padding and the convolution runs unpadded, or the convolution runs with the filter's
 * padding added and the down-sampling unpadded; either way the bias comes last. A kernel of 0 means
 * resampling only (EDM's skip path when the channels do not change).
 */
public final class Conv2d extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final boolean up;
    private final boolean down;
    private final boolean fusedResample;

    public Conv2d(WeightInit init, int in, int out, int kernel, boolean bias, boolean up, boolean down,
                  float[] resampleFilter, boolean fusedResample, WeightInit.Spec spec) {
        if (up && down) {
            throw new IllegalArgumentException("Conv2d: up and down at once");
        }
        this.up = up;
        this.down = down;
        this.fusedResample = fusedResample;
        int fanIn = in * kernel * kernel;
        int fanOut = out * kernel * kernel;
        this.weight = kernel > 0
                ? registerParameter("weight", init.draw(spec.mode(), spec.weight(), fanIn, fanOut, out, in, kernel, kernel))
                : null;
        this.bias = kernel > 0 && bias ? registerParameter("bias", init.draw(spec.mode(), spec.bias(), fanIn, fanOut, out)) : null;
        if (up || down) {
            registerBuffer("resample_filter", outerFilter(init, resampleFilter));
        }
    }

    /** {@code f f^T / (sum f)^2} as [1, 1, k, k]. */
    private static Tensor outerFilter(WeightInit init, float[] f) {
        int k = f.length;
        double sum = 0;
        for (float v : f) {
            sum += v;
        }
        double[] outer = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                outer[i * k + j] = (double) f[i] * f[j] / (sum * sum);
            }
        }
        return Tensor.ofDoubles(init.backend(), outer, 1, 1, k, k);
    }

    public Var forward(Var x) {
        int wPad = weight == null ? 0 : weight.shape()[3] / 2;
        float[] f = null;
        int k = 0;
        int fPad = 0;
        if (up || down) {
            Tensor filter = buffer("resample_filter");
            k = filter.size(3);
            f = filter.toFloatArray();
            fPad = (k - 1) / 2;
        }
        int h = x.shape()[2];
        int w = x.shape()[3];
        if (fusedResample && up && weight != null) {
            int pad = wPad + fPad;
            x = Fn.firUp(x, f, k, pad, 4f, upSize(h, pad, k), upSize(w, pad, k));
            return addBias(Fn.conv2d(x, weight, null, Conv2dSpec.of(1, 0)));
        }
        if (fusedResample && down && weight != null) {
            x = Fn.conv2d(x, weight, null, Conv2dSpec.of(1, wPad + fPad));
            return addBias(Fn.firDown(x, f, k, 0, 1f));
        }
        if (up) {
            x = Fn.firUp(x, f, k, fPad, 4f, upSize(h, fPad, k), upSize(w, fPad, k));
        }
        if (down) {
            x = Fn.firDown(x, f, k, fPad, 1f);
        }
        if (weight == null) {
            return x;
        }
        return Fn.conv2d(x, weight, bias, Conv2dSpec.of(1, wPad));
    }

    /** conv_transpose2d's output size at stride 2: 2 (n - 1) - 2 pad + k. */
    private static int upSize(int n, int pad, int k) {
        return 2 * (n - 1) - 2 * pad + k;
    }

    private Var addBias(Var x) {
        if (bias == null) {
            return x;
        }
        return Fn.add(x, Fn.reshape(bias, 1, bias.shape()[0], 1, 1));
    }
}
