package pagoda.eval;

import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/** The image corruptions of the sanity tests (as in Heusel et al. 2017, fig. 2): Gaussian blur and noise. */
final class Corruptions {
    private Corruptions() {
    }

    /** Additive Gaussian noise of standard deviation {@code std}, clamped back to [-1, 1]. */
    static Tensor noise(Tensor x, float std, long seed) {
        Tensor n = Ops.normal(x.backend(), seed, 0, 0f, std, x.shape());
        return Ops.clamp(Ops.add(x, n), -1f, 1f);
    }

    /**
     * Separable Gaussian blur of standard deviation {@code sigma} pixels, radius ceil(3 sigma); near the
     * edges the weights inside the image are renormalised to sum 1, so borders do not darken.
     */
    static Tensor blur(Tensor x, double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        int k = 2 * r + 1;
        double[] g = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            g[i] = Math.exp(-(i - r) * (i - r) / (2 * sigma * sigma));
            sum += g[i];
        }
        for (int i = 0; i < k; i++) {
            g[i] /= sum;
        }
        int[] s = x.shape();
        Tensor planes = x.reshape(s[0] * s[1], 1, s[2], s[3]);
        Tensor ones = Ops.full(x.backend(), 1f, 1, 1, s[2], s[3]);
        Tensor row = Tensor.ofDoubles(x.backend(), g, 1, 1, 1, k);
        Tensor col = Tensor.ofDoubles(x.backend(), g, 1, 1, k, 1);
        Conv2dSpec rowPad = new Conv2dSpec(1, 1, 0, r);
        Conv2dSpec colPad = new Conv2dSpec(1, 1, r, 0);
        Tensor blurred = NnOps.conv2d(NnOps.conv2d(planes, row, null, rowPad), col, null, colPad);
        Tensor weight = NnOps.conv2d(NnOps.conv2d(ones, row, null, rowPad), col, null, colPad);
        return Ops.div(blurred, weight).reshape(s);
    }
}
