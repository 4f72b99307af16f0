package pagoda.eval;

import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Structural similarity (Wang et al. 2004, "Image quality assessment: from error visibility to
 * structural similarity", eq. 13), as their reference implementation computes it: local statistics
 * under an 11 x 11 Gaussian window with sigma 1.5 (normalised to sum 1), only where the window fits
 * the image ("valid"), constants {@code C1 = (0.01 L)^2}, {@code C2 = (0.03 L)^2}, and the mean of the
 * SSIM map. Colour images: the mean over channels. Images are in [-1, 1], so L = 2; SSIM is invariant
 * to mapping both images and L affinely, so this equals SSIM in [0, 1] with L = 1.
 *
 * <pre>  SSIM = (2 mu_x mu_y + C1) (2 sigma_xy + C2) / ((mu_x^2 + mu_y^2 + C1) (sigma_x^2 + sigma_y^2 + C2))</pre>
 */
public final class Ssim {
    public static final int WINDOW = 11;
    public static final double SIGMA = 1.5;
    private static final double K1 = 0.01;
    private static final double K2 = 0.03;

    public record Result(double mean, double[] perImage) {
    }

    private Ssim() {
    }

    /** The normalised 1-D Gaussian; the 2-D window is its outer product with itself. */
    public static double[] gaussian() {
        double[] g = new double[WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            double x = i - WINDOW / 2;
            g[i] = Math.exp(-x * x / (2 * SIGMA * SIGMA));
            sum += g[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            g[i] /= sum;
        }
        return g;
    }

    public static Result of(Tensor a, Tensor b) {
        ImagePairs.check("SSIM", a, b);
        int[] s = a.shape();
        if (s[2] < WINDOW || s[3] < WINDOW) {
            throw new IllegalArgumentException("SSIM: images of " + s[2] + "x" + s[3] + " are smaller than its "
                    + WINDOW + "x" + WINDOW + " window");
        }
        int planes = s[0] * s[1];
        Tensor x = a.reshape(planes, 1, s[2], s[3]);
        Tensor y = b.reshape(planes, 1, s[2], s[3]);
        Tensor moments = blur(Ops.cat(0, x, y, Ops.square(x), Ops.square(y), Ops.mul(x, y)));
        Tensor[] m = Ops.split(moments, 0, planes, planes, planes, planes, planes);
        Tensor muX = m[0];
        Tensor muY = m[1];
        Tensor muXX = Ops.square(muX);
        Tensor muYY = Ops.square(muY);
        Tensor muXY = Ops.mul(muX, muY);
        Tensor varX = Ops.sub(m[2], muXX);
        Tensor varY = Ops.sub(m[3], muYY);
        Tensor covXY = Ops.sub(m[4], muXY);
        // The constants travel as tensors, not as float op parameters, so that the float64 twin keeps them exact.
        Tensor c1 = Tensor.ofDoubles(a.backend(), new double[] {Math.pow(K1 * Psnr.DATA_RANGE, 2)});
        Tensor c2 = Tensor.ofDoubles(a.backend(), new double[] {Math.pow(K2 * Psnr.DATA_RANGE, 2)});
        Tensor numerator = Ops.mul(Ops.add(Ops.mul(muXY, 2f), c1), Ops.add(Ops.mul(covXY, 2f), c2));
        Tensor denominator = Ops.mul(Ops.add(Ops.add(muXX, muYY), c1), Ops.add(Ops.add(varX, varY), c2));
        Tensor map = Ops.div(numerator, denominator);
        double[] perPlane = Ops.mean(map, 1, 2, 3).toDoubleArray();
        double[] perImage = new double[s[0]];
        double sum = 0;
        for (int n = 0; n < s[0]; n++) {
            for (int c = 0; c < s[1]; c++) {
                perImage[n] += perPlane[n * s[1] + c] / s[1];
            }
            sum += perImage[n];
        }
        return new Result(sum / s[0], perImage);
    }

    /** The separable Gaussian filter, valid region only: [P, 1, H, W] -> [P, 1, H - 10, W - 10]. */
    private static Tensor blur(Tensor planes) {
        double[] g = gaussian();
        Tensor row = Tensor.ofDoubles(planes.backend(), g, 1, 1, 1, WINDOW);
        Tensor column = Tensor.ofDoubles(planes.backend(), g, 1, 1, WINDOW, 1);
        Conv2dSpec valid = Conv2dSpec.of(1, 0);
        return NnOps.conv2d(NnOps.conv2d(planes, row, null, valid), column, null, valid);
    }
}
