package pagoda.unet.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.unet.WeightInit;

/**
 * BatchNorm2d, SnConv2d and SnLinear on the float64 reference backend against their formulas written
 * as loops: batch statistics in training, running averages with torch's momentum and unbiased variance,
 * running statistics in evaluation, W / (u^T W v) in the convolution and the linear map, torch's state
 * names and order, and torch's default initialisation range. Values agree to 1e-12 relative, the
 * rounding of float64 through a few dozen operations; the running statistics to 1e-7, because momentum
 * and M / (M - 1) enter as floats (relative error 2^-24 each).
 */
class GanLayersTest {
    private static final Backend REF = Backends.reference();

    private static void assertClose(double[] want, double[] got, double rtol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(want[i] - got[i]) <= rtol * (1 + Math.abs(want[i])))) {
                throw new AssertionError(what + ": element " + i + " expected " + want[i] + ", got " + got[i]);
            }
        }
    }

    @Test
    void batchNormTrainingRunningStatisticsAndEvaluation() {
        int n = 3;
        int c = 4;
        int h = 2;
        int w = 3;
        int plane = h * w;
        int m = n * plane;
        BatchNorm2d bn = new BatchNorm2d(REF, c);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.stateDict().keySet()));
        double[] gamma = Ops.uniform(REF, 1, 0, 0.5f, 1.5f, c).toDoubleArray();
        double[] beta = Ops.uniform(REF, 2, 0, -1, 1, c).toDoubleArray();
        bn.namedParameters().get("weight").setValue(Tensor.ofDoubles(REF, gamma, c));
        bn.namedParameters().get("bias").setValue(Tensor.ofDoubles(REF, beta, c));
        double[] runMean = new double[c];
        double[] runVar = {1, 1, 1, 1};
        for (int step = 0; step < 3; step++) {
            Tensor x = Ops.uniform(REF, 10 + step, 0, -2, 3, n, c, h, w);
            double[] xv = x.toDoubleArray();
            double[] want = new double[xv.length];
            for (int ch = 0; ch < c; ch++) {
                double mean = 0;
                for (int b = 0; b < n; b++) {
                    for (int s = 0; s < plane; s++) {
                        mean += xv[(b * c + ch) * plane + s];
                    }
                }
                mean /= m;
                double sq = 0;
                for (int b = 0; b < n; b++) {
                    for (int s = 0; s < plane; s++) {
                        double d = xv[(b * c + ch) * plane + s] - mean;
                        sq += d * d;
                    }
                }
                double var = sq / m;
                for (int b = 0; b < n; b++) {
                    for (int s = 0; s < plane; s++) {
                        int at = (b * c + ch) * plane + s;
                        want[at] = (xv[at] - mean) / Math.sqrt(var + 1e-5f) * gamma[ch] + beta[ch];
                    }
                }
                runMean[ch] = 0.9 * runMean[ch] + 0.1 * mean;
                runVar[ch] = 0.9 * runVar[ch] + 0.1 * sq / (m - 1);
            }
            Var xp = Var.parameter(x);
            Var y = bn.forward(xp);
            assertClose(want, y.value().toDoubleArray(), 1e-12, "training output, step " + step);
            y.backward(Ops.uniform(REF, 20 + step, 0, -1, 1, n, c, h, w));
            assertNotNull(xp.grad(), "gradient reaches the input");
            assertNotNull(bn.namedParameters().get("weight").grad(), "gradient reaches the weight");
            bn.zeroGrad();
        }
        assertClose(runMean, bn.buffer("running_mean").toDoubleArray(), 1e-7, "running_mean");
        assertClose(runVar, bn.buffer("running_var").toDoubleArray(), 1e-7, "running_var");
        assertEquals(3.0, bn.buffer("num_batches_tracked").item());

        bn.eval();
        Tensor x = Ops.uniform(REF, 30, 0, -1, 1, 2, c, h, w);
        double[] xv = x.toDoubleArray();
        double[] rm = bn.buffer("running_mean").toDoubleArray();
        double[] rv = bn.buffer("running_var").toDoubleArray();
        double[] want = new double[xv.length];
        for (int i = 0; i < xv.length; i++) {
            int ch = (i / plane) % c;
            want[i] = (xv[i] - rm[ch]) / Math.sqrt(rv[ch] + 1e-5f) * gamma[ch] + beta[ch];
        }
        assertClose(want, bn.forward(Var.constant(x)).value().toDoubleArray(), 1e-12, "evaluation output");
        assertArrayEquals(rm, bn.buffer("running_mean").toDoubleArray(), "evaluation leaves the running mean");
        assertEquals(3.0, bn.buffer("num_batches_tracked").item());
    }

    @Test
    void batchNormRefusesOneValuePerChannelWhenTraining() {
        BatchNorm2d bn = new BatchNorm2d(REF, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(Var.constant(Tensor.zeros(REF, 1, 2, 1, 1))));
        assertTrue(e.getMessage().contains("more than 1 value per channel") && e.getMessage().contains("[1, 2, 1, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Var.constant(Tensor.zeros(REF, 2, 3, 2, 2))));
        assertTrue(e.getMessage().contains("[N, 2, H, W]"), e.getMessage());
        bn.eval();
        assertEquals(2, bn.forward(Var.constant(Tensor.zeros(REF, 1, 2, 1, 1))).value().numel());
    }

    /** W / (u^T W v) from the stored vectors after the layer's step, then the plain convolution. */
    @Test
    void snConv2dIsConvolutionWithTheNormalisedWeight() {
        WeightInit init = new WeightInit(REF, 5);
        SnConv2d conv = new SnConv2d(init, 3, 6, 4, 2, 1, true);
        assertEquals(List.of("bias", "weight_orig", "weight_u", "weight_v"), List.copyOf(conv.stateDict().keySet()));
        Tensor x = Ops.uniform(REF, 6, 0, -1, 1, 2, 3, 8, 8);
        Tensor y = conv.forward(Var.constant(x)).value();
        Tensor w = conv.namedParameters().get("weight_orig").value();
        double sigma = sigma(w, conv.buffer("weight_u"), conv.buffer("weight_v"));
        Tensor want = NnOps.conv2d(x, Ops.div(w, Tensor.ofDoubles(REF, new double[] {sigma})), conv.namedParameters().get("bias").value(),
                Conv2dSpec.of(2, 1));
        assertArrayEquals(new int[] {2, 6, 4, 4}, y.shape());
        assertClose(want.toDoubleArray(), y.toDoubleArray(), 1e-12, "conv with W / sigma");
        double bound = 1 / Math.sqrt(3 * 4 * 4);
        for (double v : w.toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound, "torch's default init: |w| <= 1/sqrt(fan_in)");
        }
        for (double v : conv.namedParameters().get("bias").value().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound, "torch's default init: |b| <= 1/sqrt(fan_in)");
        }
        SnConv2d plain = new SnConv2d(init, 2, 4, 3, 1, 1, false);
        assertEquals(List.of("weight_orig", "weight_u", "weight_v"), List.copyOf(plain.stateDict().keySet()));
    }

    @Test
    void snLinearIsLinearWithTheNormalisedWeight() {
        SnLinear lin = new SnLinear(new WeightInit(REF, 7), 5, 3, true);
        Tensor x = Ops.uniform(REF, 8, 0, -1, 1, 4, 5);
        Var xp = Var.parameter(x);
        Var y = lin.forward(xp);
        Tensor w = lin.namedParameters().get("weight_orig").value();
        double sigma = sigma(w, lin.buffer("weight_u"), lin.buffer("weight_v"));
        Tensor want = Ops.add(Ops.matmul(x, Ops.div(w, Tensor.ofDoubles(REF, new double[] {sigma})).transpose(0, 1)), lin.namedParameters().get("bias").value());
        assertClose(want.toDoubleArray(), y.value().toDoubleArray(), 1e-12, "x (W / sigma)^T + b");
        y.backward(Ops.full(REF, 1f, 4, 3));
        assertNotNull(lin.namedParameters().get("weight_orig").grad());
        assertNotNull(xp.grad());
        lin.eval();
        double[] u = lin.buffer("weight_u").toDoubleArray();
        lin.forward(Var.constant(x));
        assertArrayEquals(u, lin.buffer("weight_u").toDoubleArray(), "evaluation keeps u");
        assertNull(new SnLinear(new WeightInit(REF, 7), 5, 3, false).namedParameters().get("bias"));
    }

    private static double sigma(Tensor w, Tensor u, Tensor v) {
        double[] wv = w.toDoubleArray();
        double[] uv = u.toDoubleArray();
        double[] vv = v.toDoubleArray();
        double s = 0;
        for (int i = 0; i < uv.length; i++) {
            for (int j = 0; j < vv.length; j++) {
                s += uv[i] * wv[i * vv.length + j] * vv[j];
            }
        }
        return s;
    }
}
