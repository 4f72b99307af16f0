package pagoda.eval;

import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Peak signal-to-noise ratio of reconstructions, {@code 10 log10(L^2 / MSE)} in dB per image (MSE over
 * C, H, W), averaged over the images. Images are in [-1, 1], so the peak-to-peak range L is 2; the
 * value equals the PSNR of the same images mapped to [0, 1] or [0, 255] with their own L. An image
 * reconstructed exactly has infinite PSNR, and so then has the mean.
 */
public final class Psnr {
    public static final double DATA_RANGE = 2.0;

    /** Per-image PSNR in dB and their mean; {@code mse} is the mean squared error over all elements. */
    public record Result(double mean, double[] perImage, double mse) {
    }

    private Psnr() {
    }

    public static Result of(Tensor a, Tensor b) {
        ImagePairs.check("PSNR", a, b);
        double[] mse = Ops.mean(Ops.square(Ops.sub(a, b)), 1, 2, 3).toDoubleArray();
        double[] perImage = new double[mse.length];
        double sum = 0;
        double mseSum = 0;
        for (int i = 0; i < mse.length; i++) {
            perImage[i] = 10 * Math.log10(DATA_RANGE * DATA_RANGE / mse[i]);
            sum += perImage[i];
            mseSum += mse[i];
        }
        return new Result(sum / mse.length, perImage, mseSum / mse.length);
    }
}
