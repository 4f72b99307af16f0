package pagoda.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

class ReconstructionMetricsTest {
    private static final double C1 = Math.pow(0.01 * 2, 2);
    private static final double C2 = Math.pow(0.03 * 2, 2);
    private static final Backend REF = Backends.reference();
    private static final Backend CPU = Backends.cpu();

    static Tensor uniformImages(Backend b, long seed, int... shape) {
        return Ops.uniform(b, seed, 0, -1f, 1f, shape);
    }

    @Test
    void identicalImagesHaveInfinitePsnrAndSsimOne() {
        for (Backend b : new Backend[] {REF, CPU}) {
            Tensor x = uniformImages(b, 1, 3, 3, 16, 16);
            Psnr.Result p = Psnr.of(x, x.copy());
            assertEquals(Double.POSITIVE_INFINITY, p.mean());
            assertEquals(0, p.mse());
            // The SSIM quotient has equal numerator and denominator factors: 1 up to rounding.
            assertEquals(1.0, Ssim.of(x, x.copy()).mean(), b == REF ? 1e-12 : 1e-6);
        }
    }

    @Test
    void psnrOfAConstantOffsetIsTenLog10OfRangeSquaredOverOffsetSquared() {
        Tensor x = Ops.uniform(REF, 2, 0, -0.8f, 0.8f, 2, 1, 8, 8);
        Tensor y = Ops.add(x, Tensor.ofDoubles(REF, new double[] {0.1}));
        Psnr.Result p = Psnr.of(x, y);
        // The twin adds 0.1 in double: the differences are 0.1 within ~1e-17.
        assertEquals(10 * Math.log10(4 / 0.01), p.mean(), 1e-9);
        assertEquals(0.01, p.mse(), 1e-12);
    }

    @Test
    void ssimOfConstantImagesIsTheLuminanceTerm() {
        double a = 0.4;
        double b = -0.2;
        Tensor x = Ops.full(REF, (float) a, 1, 1, 12, 12);
        Tensor y = Ops.full(REF, (float) b, 1, 1, 12, 12);
        // sigma_x = sigma_y = sigma_xy = 0: the contrast-structure term is C2 / C2.
        double fa = (float) a;
        double fb = (float) b;
        double expected = (2 * fa * fb + C1) / (fa * fa + fb * fb + C1);
        assertEquals(expected, Ssim.of(x, y).mean(), 1e-12);
    }

    /**
     * One 11 x 11 window. x is m - a left of the centre column, m on it and m + a right of it, so its
     * Gaussian-weighted mean is m by symmetry and its weighted variance is a^2 (1 - g[5]) (g the 1-D
     * window; 1 - g[5] is the weight of the non-centre columns). y = alpha x + beta has mean
     * alpha m + beta, variance alpha^2 var_x and covariance alpha var_x with x.
     */
    @Test
    void ssimOfAnAffineImageOfAKnownPatternMatchesTheHandComputation() {
        double m = 0.2;
        double a = 0.5;
        double alpha = 0.5;
        double beta = 0.3;
        double[] xs = new double[121];
        double[] ys = new double[121];
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                xs[i * 11 + j] = m + a * Math.signum(j - 5);
                ys[i * 11 + j] = alpha * xs[i * 11 + j] + beta;
            }
        }
        double varX = a * a * (1 - Ssim.gaussian()[5]);
        double muY = alpha * m + beta;
        double luminance = (2 * m * muY + C1) / (m * m + muY * muY + C1);
        double structure = (2 * alpha * varX + C2) / ((1 + alpha * alpha) * varX + C2);
        double expected = luminance * structure;
        Tensor x = Tensor.ofDoubles(REF, xs, 1, 1, 11, 11);
        Tensor y = Tensor.ofDoubles(REF, ys, 1, 1, 11, 11);
        assertEquals(expected, Ssim.of(x, y).mean(), 1e-12);
        // The float32 backend: E[x^2] - mu^2 with values ~1 loses ~1e-7 absolute, against C1 = 4e-4.
        assertEquals(expected, Ssim.of(x.to(CPU), y.to(CPU)).mean(), 1e-4);
        assertTrue(expected > 0.1 && expected < 0.9, "a case away from the trivial values: " + expected);
    }

    @Test
    void ssimMatchesTheDefinitionWrittenOutOverEveryWindow() {
        int h = 15;
        int w = 13;
        Tensor x = uniformImages(REF, 3, 2, 3, h, w);
        Tensor y = Ops.clamp(Ops.add(x, Ops.normal(REF, 4, 0, 0f, 0.3f, 2, 3, h, w)), -1f, 1f);
        double[] xv = x.toDoubleArray();
        double[] yv = y.toDoubleArray();
        double[] g = Ssim.gaussian();
        double total = 0;
        for (int n = 0; n < 2; n++) {
            double perImage = 0;
            for (int c = 0; c < 3; c++) {
                int base = (n * 3 + c) * h * w;
                double sum = 0;
                for (int p = 0; p + 11 <= h; p++) {
                    for (int q = 0; q + 11 <= w; q++) {
                        double mx = 0;
                        double my = 0;
                        for (int i = 0; i < 11; i++) {
                            for (int j = 0; j < 11; j++) {
                                mx += g[i] * g[j] * xv[base + (p + i) * w + q + j];
                                my += g[i] * g[j] * yv[base + (p + i) * w + q + j];
                            }
                        }
                        double vx = 0;
                        double vy = 0;
                        double cxy = 0;
                        for (int i = 0; i < 11; i++) {
                            for (int j = 0; j < 11; j++) {
                                double dx = xv[base + (p + i) * w + q + j] - mx;
                                double dy = yv[base + (p + i) * w + q + j] - my;
                                vx += g[i] * g[j] * dx * dx;
                                vy += g[i] * g[j] * dy * dy;
                                cxy += g[i] * g[j] * dx * dy;
                            }
                        }
                        sum += (2 * mx * my + C1) * (2 * cxy + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
                    }
                }
                perImage += sum / ((h - 10) * (w - 10)) / 3;
            }
            total += perImage / 2;
        }
        assertEquals(total, Ssim.of(x, y).mean(), 1e-12);
        assertEquals(total, Ssim.of(x.to(CPU), y.to(CPU)).mean(), 1e-5);
    }

    @Test
    void ssimAndPsnrFallWithNoise() {
        Tensor x = uniformImages(CPU, 5, 4, 1, 24, 24);
        double lastSsim = 1;
        double lastPsnr = Double.POSITIVE_INFINITY;
        for (float std : new float[] {0.05f, 0.1f, 0.2f, 0.4f}) {
            Tensor y = Ops.add(x, Ops.normal(CPU, 6, 0, 0f, std, 4, 1, 24, 24));
            double s = Ssim.of(x, y).mean();
            double p = Psnr.of(x, y).mean();
            assertTrue(s < lastSsim && p < lastPsnr, "noise " + std + ": SSIM " + s + ", PSNR " + p);
            lastSsim = s;
            lastPsnr = p;
        }
    }

    @Test
    void rejectsMismatchedShapesAndImagesSmallerThanTheWindow() {
        Tensor a = uniformImages(CPU, 1, 1, 1, 16, 16);
        Tensor b = uniformImages(CPU, 1, 1, 1, 16, 15);
        assertThrows(IllegalArgumentException.class, () -> Psnr.of(a, b));
        assertThrows(IllegalArgumentException.class, () -> Ssim.of(a, b));
        Tensor small = uniformImages(CPU, 1, 1, 1, 10, 16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ssim.of(small, small));
        assertTrue(e.getMessage().contains("11x11"), e.getMessage());
    }
}
