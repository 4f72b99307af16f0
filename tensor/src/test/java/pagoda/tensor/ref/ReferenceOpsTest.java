package pagoda.tensor.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pagoda.tensor.ref.GradCheck.numel;
import static pagoda.tensor.ref.GradCheck.tensor;
import static pagoda.tensor.ref.GradCheck.uniform;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import pagoda.tensor.Backends;
import pagoda.tensor.BinaryOp;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/**
 * The reference ops on cases with an independent answer: values worked out by hand, or an identity the op
 * must satisfy (a one-hot kernel shifts, a normalised group has mean 0 and variance 1, ...).
 */
class ReferenceOpsTest {
    private static final ReferenceBackend REF = Backends.reference();
    private static final double TIGHT = 1e-12;

    private static double unary(UnaryOp op, double x, float p0, float p1) {
        return Ops.unary(op, tensor(new double[] {x}, 1), p0, p1).toDoubleArray()[0];
    }

    @ParameterizedTest(name = "{0}({1}; {2}, {3}) = {4}")
    @CsvSource({
            "NEG, 2.5, 0, 0, -2.5",
            "EXP, 0, 0, 0, 1",
            "LOG, 1, 0, 0, 0",
            "SQRT, 6.25, 0, 0, 2.5",
            "RSQRT, 4, 0, 0, 0.5",
            "SQUARE, -3, 0, 0, 9",
            "ABS, -2, 0, 0, 2",
            "SIGN, -0.5, 0, 0, -1",
            "SIGN, 0, 0, 0, 0",
            "SIGN, 3, 0, 0, 1",
            "TANH, 0, 0, 0, 0",
            "SIGMOID, 0, 0, 0, 0.5",
            "RELU, -1, 0, 0, 0",
            "RELU, 1.5, 0, 0, 1.5",
            "LEAKY_RELU, -2, 0.125, 0, -0.25",
            "LEAKY_RELU, 2, 0.125, 0, 2",
            "SILU, 0, 0, 0, 0",
            "SILU_GRAD, 0, 0, 0, 0.5",
            "CLAMP, 5, -1, 2, 2",
            "CLAMP, -5, -1, 2, -1",
            "CLAMP, 0.5, -1, 2, 0.5",
            "POW, 2, 3, 0, 8",
            "POW, 9, 0.5, 0, 3",
            "AFFINE, 2, 3, 1, 7",
            "RECIPROCAL, 4, 0, 0, 0.25",
    })
    void unaryOpsAtHandWorkedPoints(UnaryOp op, double x, float p0, float p1, double expected) {
        assertEquals(expected, unary(op, x, p0, p1), TIGHT);
    }

    @Test
    void transcendentalsAreDoublePrecision() {
        assertEquals(1 / (1 + Math.exp(-1)), unary(UnaryOp.SIGMOID, 1, 0, 0), 0, "sigmoid(1) in double");
        double s = 1 / (1 + Math.exp(-2));
        assertEquals(2 * s, unary(UnaryOp.SILU, 2, 0, 0), 0);
        assertEquals(Double.NaN, unary(UnaryOp.RELU, Double.NaN, 0, 0), "relu propagates NaN as PyTorch does");
    }

    @ParameterizedTest(name = "{0}({1}, {2}; {3}, {4}) = {5}")
    @CsvSource({
            "ADD, 2, 3, 0, 0, 5",
            "SUB, 2, 3, 0, 0, -1",
            "MUL, 2, 3, 0, 0, 6",
            "DIV, 3, 2, 0, 0, 1.5",
            "POW, 2, 10, 0, 0, 1024",
            "POW, 4, -0.5, 0, 0, 0.5",
            "MAXIMUM, 2, 3, 0, 0, 3",
            "MINIMUM, 2, 3, 0, 0, 2",
            "GT, 3, 2, 0, 0, 1",
            "GT, 2, 2, 0, 0, 0",
            "EQ, 2, 2, 0, 0, 1",
            "EQ, 2, 3, 0, 0, 0",
            "RELU_BACKWARD, -1, 5, 0, 0, 0",
            "RELU_BACKWARD, 1, 5, 0, 0, 5",
            "LEAKY_RELU_BACKWARD, -1, 5, 0.25, 0, 1.25",
            "TANH_BACKWARD, 0.5, 2, 0, 0, 1.5",
            "CLAMP_BACKWARD, 2, 5, -1, 2, 5",
            "CLAMP_BACKWARD, 2.5, 5, -1, 2, 0",
            "ABS_BACKWARD, -3, 5, 0, 0, -5",
            "SILU_BACKWARD, 0, 4, 0, 0, 2",
    })
    void binaryOpsAtHandWorkedPoints(BinaryOp op, double a, double b, float p0, float p1, double expected) {
        Tensor out = Ops.binary(op, tensor(new double[] {a}, 1), tensor(new double[] {b}, 1), p0, p1);
        assertEquals(expected, out.toDoubleArray()[0], TIGHT);
    }

    @Test
    void matmulScalesAndAccumulates() {
        Tensor a = tensor(new double[] {1, 2, 3, 4}, 1, 2, 2);
        Tensor b = tensor(new double[] {5, 6, 7, 8}, 1, 2, 2);
        Tensor c = tensor(new double[] {1, 1, 1, 1}, 1, 2, 2);
        REF.matmul(a, b, 2f, 3f, c);
        assertArrayEquals(new double[] {41, 47, 89, 103}, c.toDoubleArray(), "2 * [19 22; 43 50] + 3");
        Tensor nan = tensor(new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN}, 1, 2, 2);
        REF.matmul(a, b, 1f, 0f, nan);
        assertArrayEquals(new double[] {19, 22, 43, 50}, nan.toDoubleArray(), "beta = 0 ignores the old contents");
    }

    @Test
    void matmulReadsAStrideZeroBatch() {
        Tensor a = tensor(new double[] {1, 2, 3, 4}, 1, 2, 2);
        Tensor shared = Tensor.view(a.storage(), new int[] {3, 2, 2}, new long[] {0, 2, 1}, 0);
        Tensor b = tensor(new double[] {1, 0, 0, 1, 2, 0, 0, 2, 0, 1, 1, 0}, 3, 2, 2);
        Tensor c = Tensor.zeros(REF, 3, 2, 2);
        REF.matmul(shared, b, 1f, 0f, c);
        assertArrayEquals(new double[] {1, 2, 3, 4, 2, 4, 6, 8, 2, 1, 4, 3}, c.toDoubleArray());
    }

    /** A kernel that is 1 at (r0, s0) and 0 elsewhere reads x at (p + r0 - pad, q + s0 - pad): a shift. */
    @Test
    void convolutionWithAOneHotKernelShifts() {
        int h = 5;
        int w = 6;
        double[] x = uniform(101, h * w);
        double[] kernel = new double[9];
        kernel[2 * 3] = 1; // r0 = 2, s0 = 0
        double[] y = NnOps.conv2d(tensor(x, 1, 1, h, w), tensor(kernel, 1, 1, 3, 3), null, Conv2dSpec.of(1, 1))
                .toDoubleArray();
        for (int p = 0; p < h; p++) {
            for (int q = 0; q < w; q++) {
                int sh = p + 1;
                int sw = q - 1;
                double expected = sh < h && sw >= 0 ? x[sh * w + sw] : 0;
                assertEquals(expected, y[p * w + q], 0, "(" + p + ", " + q + ")");
            }
        }
    }

    @Test
    void convolutionWithStrideTwoSubsamplesAndAddsBias() {
        double[] x = uniform(102, 2 * 7 * 7);
        double[] kernel = {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};   // 1 x 2 x 3 x 3, centre of channel 0
        double[] y = NnOps.conv2d(tensor(x, 1, 2, 7, 7), tensor(kernel, 1, 2, 3, 3), tensor(new double[] {0.5}, 1),
                Conv2dSpec.of(2, 1)).toDoubleArray();
        assertEquals(16, y.length);
        for (int p = 0; p < 4; p++) {
            for (int q = 0; q < 4; q++) {
                assertEquals(x[(2 * p) * 7 + 2 * q] + 0.5, y[p * 4 + q], TIGHT);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"SILU", "RELU", "LEAKY_RELU", "TANH"})
    void fusedActivationEqualsTheSeparateOp(UnaryOp act) {
        Tensor x = tensor(uniform(103, 2 * 3 * 6 * 5), 2, 3, 6, 5);
        Tensor w = tensor(uniform(104, 4 * 3 * 3 * 3), 4, 3, 3, 3);
        Tensor b = tensor(uniform(105, 4), 4);
        Conv2dSpec spec = Conv2dSpec.of(1, 1);
        Tensor fused = NnOps.conv2d(x, w, b, spec, act, 0.2f);
        Tensor separate = Ops.unary(act, NnOps.conv2d(x, w, b, spec), 0.2f, 0f);
        assertArrayEquals(separate.toDoubleArray(), fused.toDoubleArray(), 0);
    }

    @Test
    void groupNormGivesEachGroupZeroMeanAndUnitVariance() {
        int[] xs = {2, 6, 4, 3};
        int groups = 3;
        double[] x = uniform(106, numel(xs));
        for (int i = 0; i < x.length; i++) {
            x[i] = 3 * x[i] + 2;
        }
        float eps = 1e-5f;
        NnOps.GroupNormResult r = NnOps.groupNorm(tensor(x, xs), null, null, groups, eps);
        double[] y = r.out().toDoubleArray();
        double[] mean = r.mean().toDoubleArray();
        double[] rstd = r.rstd().toDoubleArray();
        int m = 2 * 4 * 3;
        for (int g = 0; g < 2 * groups; g++) {
            double sx = 0;
            double sy = 0;
            for (int i = g * m; i < (g + 1) * m; i++) {
                sx += x[i];
                sy += y[i];
            }
            double vx = 0;
            double vy = 0;
            for (int i = g * m; i < (g + 1) * m; i++) {
                vx += (x[i] - sx / m) * (x[i] - sx / m);
                vy += (y[i] - sy / m) * (y[i] - sy / m);
            }
            vx /= m;
            vy /= m;
            assertEquals(sx / m, mean[g], TIGHT, "saved mean of group " + g);
            assertEquals(1 / Math.sqrt(vx + eps), rstd[g], TIGHT, "saved rstd of group " + g);
            assertEquals(0, sy / m, TIGHT, "mean of normalised group " + g);
            assertEquals(vx / (vx + eps), vy, TIGHT, "variance of normalised group " + g + " (eps inside the root)");
        }
        double[] gamma = {1, 2, 3, 4, 5, 6};
        double[] beta = {-1, -2, -3, -4, -5, -6};
        double[] affine = NnOps.groupNorm(tensor(x, xs), tensor(gamma, 6), tensor(beta, 6), groups, eps).out().toDoubleArray();
        for (int i = 0; i < y.length; i++) {
            int c = (i / 12) % 6;
            assertEquals(gamma[c] * y[i] + beta[c], affine[i], TIGHT);
        }
    }

    @Test
    void softmaxRowsArePositiveSumToOneAndIgnoreShifts() {
        double[] x = {1000, 1001, 1002, -3, 0, 3};
        double[] y = NnOps.softmax(tensor(x, 2, 3), -1).toDoubleArray();
        double e = Math.E;
        double z = 1 + e + e * e;
        assertArrayEquals(new double[] {1 / z, e / z, e * e / z}, Arrays.copyOf(y, 3), TIGHT,
                "large inputs do not overflow: the max is subtracted");
        double sum = y[3] + y[4] + y[5];
        assertEquals(1, sum, TIGHT);
        assertEquals(y[3], y[5] * Math.exp(-6), TIGHT);
        for (double v : y) {
            assertTrue(v > 0);
        }
    }

    /** With q = 0 every score is 0, the weights are uniform and the output is the mean of v over the keys. */
    @Test
    void attentionWithZeroQueriesAveragesTheValues() {
        int b = 2;
        int c = 3;
        int lq = 4;
        int lk = 5;
        double[] v = uniform(107, b * c * lk);
        NnOps.AttentionResult r = NnOps.attention(Tensor.zeros(REF, b, c, lq), tensor(uniform(108, b * c * lk), b, c, lk),
                tensor(v, b, c, lk));
        for (double w : r.weights().toDoubleArray()) {
            assertEquals(1.0 / lk, w, TIGHT);
        }
        double[] out = r.out().toDoubleArray();
        for (int bb = 0; bb < b; bb++) {
            for (int cc = 0; cc < c; cc++) {
                double mean = 0;
                for (int j = 0; j < lk; j++) {
                    mean += v[(bb * c + cc) * lk + j] / lk;
                }
                for (int i = 0; i < lq; i++) {
                    assertEquals(mean, out[(bb * c + cc) * lq + i], TIGHT);
                }
            }
        }
    }

    /** Two keys k0 = 0 and k1 = e_0: query i = a e_0 scores 0 and a / sqrt(C), so w1 = sigmoid(a / sqrt(C)). */
    @Test
    void attentionWeightsFollowTheScaledScores() {
        int c = 4;
        double a = 3;
        double[] q = new double[c];
        q[0] = a;
        double[] k = new double[c * 2];
        k[1] = 1;   // channel 0, key 1
        double[] v = new double[c * 2];
        v[0] = 10;  // channel 0 of value 0
        v[1] = 20;  // channel 0 of value 1
        NnOps.AttentionResult r = NnOps.attention(tensor(q, 1, c, 1), tensor(k, 1, c, 2), tensor(v, 1, c, 2));
        double w1 = 1 / (1 + Math.exp(-a / Math.sqrt(c)));
        assertArrayEquals(new double[] {1 - w1, w1}, r.weights().toDoubleArray(), TIGHT);
        assertEquals(10 * (1 - w1) + 20 * w1, r.out().toDoubleArray()[0], TIGHT);
    }

    @Test
    void firDownWithTheBoxFilterIsTwoByTwoAveraging() {
        double[] x = uniform(109, 2 * 6 * 4);
        float[] box = {0.25f, 0.25f, 0.25f, 0.25f};
        double[] y = NnOps.firDown(tensor(x, 1, 2, 6, 4), box, 2, 0, 1f).toDoubleArray();
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 2; j++) {
                    int at = (c * 6 + 2 * i) * 4 + 2 * j;
                    double avg = (x[at] + x[at + 1] + x[at + 4] + x[at + 5]) / 4;
                    assertEquals(avg, y[(c * 3 + i) * 2 + j], TIGHT);
                }
            }
        }
    }

    @Test
    void firUpWithTheBoxFilterAndGainFourIsNearestNeighbour() {
        double[] x = uniform(110, 3 * 4);
        float[] box = {0.25f, 0.25f, 0.25f, 0.25f};
        double[] y = NnOps.firUp(tensor(x, 1, 1, 3, 4), box, 2, 0, 4f, 6, 8).toDoubleArray();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 8; j++) {
                assertEquals(x[(i / 2) * 4 + j / 2], y[i * 8 + j], TIGHT);
            }
        }
    }

    /** EDM's [1, 3, 3, 1] filter sums to 1, so a constant image stays constant away from the zero padding. */
    @Test
    void firDownKeepsAConstantInTheInterior() {
        float[] f = new float[16];
        double[] taps = {1, 3, 3, 1};
        for (int u = 0; u < 4; u++) {
            for (int v = 0; v < 4; v++) {
                f[u * 4 + v] = (float) (taps[u] * taps[v] / 64);
            }
        }
        Tensor x = Ops.full(REF, 2f, 1, 1, 8, 8);
        double[] y = NnOps.firDown(x, f, 4, 1, 1f).toDoubleArray();
        assertEquals(16, y.length);
        for (int i = 1; i < 3; i++) {
            for (int j = 1; j < 3; j++) {
                assertEquals(2, y[i * 4 + j], TIGHT);
            }
        }
        assertEquals(2 * (7.0 / 8) * (7.0 / 8), y[0], TIGHT, "the corner loses the padded tap (1/8) on each axis");
    }

    @Test
    void boxResizeByExactlyTwoIsTwoByTwoAveraging() {
        double[] x = uniform(111, 2 * 6 * 8);
        double[] y = NnOps.resize(tensor(x, 2, 1, 6, 8), 3, 4, ResizeFilter.BOX, true).toDoubleArray();
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    int at = (n * 6 + 2 * i) * 8 + 2 * j;
                    double avg = (x[at] + x[at + 1] + x[at + 8] + x[at + 9]) / 4;
                    assertEquals(avg, y[(n * 3 + i) * 4 + j], TIGHT);
                }
            }
        }
    }

    @Test
    void boxResizeUpByTwoRepeatsPixels() {
        double[] x = uniform(112, 3 * 2);
        double[] y = NnOps.resize(tensor(x, 1, 1, 3, 2), 6, 4, ResizeFilter.BOX, true).toDoubleArray();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(x[(i / 2) * 2 + j / 2], y[i * 4 + j], TIGHT);
            }
        }
    }

    /**
     * Keys' cubic with a = -1/2 reproduces polynomials of degree two, so away from the border, where no tap is
     * clipped, enlarging the ramp x[j] = j gives the ramp at the output centres, (i + 0.5) in / out - 0.5.
     */
    @Test
    void bicubicEnlargementReproducesARamp() {
        int in = 8;
        int out = 20;
        double[] ramp = new double[in];
        for (int j = 0; j < in; j++) {
            ramp[j] = j;
        }
        double[] y = NnOps.resize(tensor(ramp, 1, 1, 1, in), 1, out, ResizeFilter.BICUBIC, true).toDoubleArray();
        for (int i = 0; i < out; i++) {
            double centre = (i + 0.5) * in / out - 0.5;
            if (centre >= 1.5 && centre <= in - 2.5) {
                assertEquals(centre, y[i], TIGHT, "output " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ResizeFilter.class)
    void resizeToTheSameSizeIsTheIdentity(ResizeFilter filter) {
        double[] x = uniform(113, 2 * 5 * 7);
        assertArrayEquals(x, NnOps.resize(tensor(x, 1, 2, 5, 7), 5, 7, filter, true).toDoubleArray(), TIGHT);
    }

    @Test
    void stridedAndBroadcastOperandsReachTheBackend() {
        Tensor x = tensor(uniform(114, 12), 3, 4);
        Tensor t = x.transpose(0, 1);
        Tensor row = tensor(new double[] {1, 2, 3}, 3);
        double[] sum = new double[12];
        double[] xv = x.toDoubleArray();
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 3; i++) {
                sum[j * 3 + i] = xv[i * 4 + j] + (i + 1);
            }
        }
        Tensor out = Tensor.zeros(REF, 4, 3);
        REF.binary(BinaryOp.ADD, t, row.broadcastTo(4, 3), 0, 0, out);
        assertArrayEquals(sum, out.toDoubleArray(), 0);
    }
}
