package pagoda.inverse;

import java.util.Arrays;
import pagoda.autograd.Fn;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Deblurring's operator: each channel convolved with a normalised Gaussian of standard deviation sigma
 * pixels, truncated at radius ceil(3 sigma), a (2 radius + 1)^2 kernel. At the border the taps that fall
 * outside the image are dropped and the rest renormalised to sum 1 (normalised convolution: zero padding,
 * divided by the blur of an all-ones image), so a flat image stays flat up to its edges, which matters for
 * the emoji's white backgrounds that zero padding would darken.
 */
public final class GaussianBlur implements Measurement {
    private final double sigma;
    private final int radius;
    private final Tensor kernel;

    public GaussianBlur(Backend backend, double sigma) {
        if (!(sigma > 0) || sigma > 64) {
            throw new IllegalArgumentException("blur: sigma " + sigma + " pixels, expected 0 < sigma <= 64");
        }
        this.sigma = sigma;
        this.radius = (int) Math.ceil(3 * sigma);
        this.kernel = Tensor.of(backend, weights(sigma, radius), 1, 1, 2 * radius + 1, 2 * radius + 1);
    }

    /** The (2 radius + 1)^2 kernel, row-major, summing to 1. */
    static float[] weights(double sigma, int radius) {
        int k = 2 * radius + 1;
        double[] g = new double[k];
        for (int i = 0; i < k; i++) {
            int d = i - radius;
            g[i] = Math.exp(-d * d / (2 * sigma * sigma));
        }
        double sum = 0;
        for (double a : g) {
            for (double b : g) {
                sum += a * b;
            }
        }
        float[] w = new float[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                w[i * k + j] = (float) (g[i] * g[j] / sum);
            }
        }
        return w;
    }

    public double sigma() {
        return sigma;
    }

    public int radius() {
        return radius;
    }

    @Override
    public Var apply(Var x) {
        int[] s = x.shape();
        if (s.length != 4) {
            throw new IllegalArgumentException("blur: expected images [N, C, H, W], got " + Arrays.toString(s));
        }
        Backend backend = x.value().backend();
        Var w = Var.constant(kernel.to(backend));
        Conv2dSpec spec = Conv2dSpec.of(1, radius);
        Var planes = Fn.reshape(x, s[0] * s[1], 1, s[2], s[3]);
        Var blurred = Fn.reshape(Fn.conv2d(planes, w, null, spec), s[0], s[1], s[2], s[3]);
        return Fn.mul(blurred, Var.constant(inverseCoverage(backend, w, spec, s[2], s[3])));
    }

    /** 1 / (the kernel's weight inside the image) per pixel, [1, 1, H, W]. */
    private static Tensor inverseCoverage(Backend backend, Var w, Conv2dSpec spec, int h, int width) {
        Var ones = Var.constant(Ops.full(backend, 1f, 1, 1, h, width));
        Tensor coverage = Fn.conv2d(ones, w, null, spec).value();
        return Ops.div(Ops.full(backend, 1f, 1, 1, h, width), coverage);
    }

    /** The blurred image itself. */
    @Override
    public Tensor baseline(Tensor y, int channels) {
        return y;
    }

    @Override
    public String describe() {
        return "gaussian blur (sigma " + sigma + " px, " + (2 * radius + 1) + "x" + (2 * radius + 1) + ")";
    }
}
