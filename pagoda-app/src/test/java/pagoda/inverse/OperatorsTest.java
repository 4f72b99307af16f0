package pagoda.inverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/** The operators A against direct computations in double, and the baselines and consistency steps. */
class OperatorsTest {
    private static final Backend CPU = Backends.cpu();
    /** float32 sums of at most 49 products of values below 1: a few ulps of 1. */
    private static final double TOL = 1e-5;

    private static Tensor images(int n, int c, int h, int w, long seed) {
        return Ops.uniform(CPU, seed, 0, -1f, 1f, n, c, h, w);
    }

    @Test
    void maskMultipliesEveryChannelByTheKnownFlags() {
        Mask m = Mask.centreSquare(CPU, 6, 0.5);
        assertEquals(36 - 9, m.known());
        Tensor x = images(2, 3, 6, 6, 1);
        float[] y = m.apply(x).toFloatArray();
        float[] v = x.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            int yy = (i / 6) % 6;
            int xx = i % 6;
            boolean hole = yy >= 1 && yy < 4 && xx >= 1 && xx < 4;
            assertEquals(hole ? 0f : v[i], y[i], 0f, "element " + i);
        }
    }

    @Test
    void greyscaleIsTheBt601Luma() {
        Tensor x = images(2, 3, 4, 5, 2);
        float[] v = x.toFloatArray();
        float[] y = new Greyscale(CPU).apply(x).toFloatArray();
        assertEquals(2 * 20, y.length);
        for (int n = 0; n < 2; n++) {
            for (int p = 0; p < 20; p++) {
                double l = 0.299 * v[(n * 3) * 20 + p] + 0.587 * v[(n * 3 + 1) * 20 + p] + 0.114 * v[(n * 3 + 2) * 20 + p];
                assertEquals(l, y[n * 20 + p], TOL);
            }
        }
    }

    @Test
    void blurIsTheRenormalisedGaussianAtEveryPixel() {
        double sigma = 0.8;
        int h = 7;
        int w = 9;
        Tensor x = images(2, 2, h, w, 3);
        float[] v = x.toFloatArray();
        GaussianBlur blur = new GaussianBlur(CPU, sigma);
        int r = blur.radius();
        assertEquals(3, r);
        float[] y = blur.apply(x).toFloatArray();
        for (int plane = 0; plane < 4; plane++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double acc = 0;
                    double weight = 0;
                    for (int di = -r; di <= r; di++) {
                        for (int dj = -r; dj <= r; dj++) {
                            int a = i + di;
                            int b = j + dj;
                            if (a < 0 || a >= h || b < 0 || b >= w) {
                                continue;
                            }
                            double g = Math.exp(-(di * di + dj * dj) / (2 * sigma * sigma));
                            acc += g * v[plane * h * w + a * w + b];
                            weight += g;
                        }
                    }
                    assertEquals(acc / weight, y[plane * h * w + i * w + j], TOL, "plane " + plane + " (" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void blurKeepsAFlatImageFlatUpToItsEdges() {
        float[] y = new GaussianBlur(CPU, 1.5).apply(Ops.full(CPU, 1f, 1, 3, 6, 6)).toFloatArray();
        for (float f : y) {
            assertEquals(1f, f, TOL);
        }
    }

    @Test
    void harmonicFillKeepsKnownPixelsAndAveragesItsNeighbours() {
        Mask m = Mask.centreSquare(CPU, 8, 0.5);
        Tensor x = images(1, 3, 8, 8, 4);
        Tensor y = m.apply(x);
        float[] fill = m.baseline(y, 3).toFloatArray();
        float[] known = y.toFloatArray();
        float[] mk = m.tensor().toFloatArray();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    int k = c * 64 + i * 8 + j;
                    if (mk[i * 8 + j] == 1) {
                        assertEquals(known[k], fill[k], 0f);
                    } else {
                        double mean = (fill[k - 8] + fill[k + 8] + fill[k - 1] + fill[k + 1]) / 4.0;
                        assertEquals(mean, fill[k], 1e-4, "a filled pixel is the mean of its neighbours at convergence");
                    }
                }
            }
        }
    }

    @Test
    void consistencyPastesKnownPixelsAndRestoresTheLuma() {
        Mask m = Mask.centreSquare(CPU, 6, 0.5);
        Tensor truth = images(1, 3, 6, 6, 5);
        Tensor estimate = Ops.mul(images(1, 3, 6, 6, 6), 0.5f);
        float[] c = m.consistent(estimate, m.apply(truth)).toFloatArray();
        float[] t = truth.toFloatArray();
        float[] e = estimate.toFloatArray();
        float[] mk = m.tensor().toFloatArray();
        for (int k = 0; k < c.length; k++) {
            assertEquals(mk[k % 36] == 1 ? t[k] : e[k], c[k], 1e-7);
        }
        // Values that the final clamp leaves alone: |x + (L(t) - L(x))| <= 0.2 + 0.5 + 0.2.
        Greyscale grey = new Greyscale(CPU);
        Tensor small = Ops.mul(estimate, 0.4f);
        Tensor fixedUp = grey.consistent(small, grey.apply(Ops.mul(truth, 0.5f)));
        assertArrayEquals(grey.apply(Ops.mul(truth, 0.5f)).toFloatArray(), grey.apply(fixedUp).toFloatArray(), (float) TOL);
    }

    @Test
    void badOperatorsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(CPU, 0));
        assertThrows(IllegalArgumentException.class, () -> Mask.centreSquare(CPU, 4, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Mask(CPU, new boolean[4], 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Greyscale(CPU).apply(images(1, 1, 2, 2, 0)));
        assertTrue(e.getMessage().contains("RGB"), e.getMessage());
    }
}
