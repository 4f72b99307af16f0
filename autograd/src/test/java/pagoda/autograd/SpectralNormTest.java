package pagoda.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Spectral normalisation on the float64 reference backend: one power-iteration step against the
 * formulas of Miyato et al. written as loops, convergence of the normalised weight's largest singular
 * value to 1 against Commons Math's SVD, evaluation mode leaving u and v alone, torch's buffer names,
 * and the gradient through W / (u^T W v) by central differences (with u and v fixed, in evaluation mode,
 * so the function differentiated is the one the tape records; the tolerance is {@link GradCheck}'s).
 */
class SpectralNormTest {
    private static final Backend REF = Backends.reference();

    private static final class Holder extends Module {
        final SpectralNorm sn;

        Holder(Tensor weight, long seed) {
            int rows = weight.size(0);
            int cols = (int) (weight.numel() / rows);
            sn = SpectralNorm.register(this, "weight", weight, Ops.normal(REF, seed, 0, 0, 1, rows),
                    Ops.normal(REF, seed, rows, 0, 1, cols));
        }
    }

    private static double[][] matrix(Tensor w) {
        int rows = w.size(0);
        int cols = (int) (w.numel() / rows);
        double[] v = w.toDoubleArray();
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(v, i * cols, m[i], 0, cols);
        }
        return m;
    }

    private static double largestSingularValue(Tensor w) {
        return new SingularValueDecomposition(new Array2DRowRealMatrix(matrix(w))).getSingularValues()[0];
    }

    private static double[] normalised(double[] a) {
        double n = 0;
        for (double x : a) {
            n += x * x;
        }
        n = Math.max(Math.sqrt(n), 1e-12);
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] / n;
        }
        return out;
    }

    @Test
    void oneTrainingStepIsOnePowerIteration() {
        Tensor w = Ops.uniform(REF, 1, 0, -1, 1, 5, 3, 2, 2);
        Holder h = new Holder(w, 2);
        double[][] m = matrix(w);
        double[] u0 = h.buffer("weight_u").toDoubleArray();
        double[] v = new double[12];
        for (int j = 0; j < 12; j++) {
            for (int i = 0; i < 5; i++) {
                v[j] += m[i][j] * u0[i];
            }
        }
        v = normalised(v);
        double[] u = new double[5];
        double sigma = 0;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 12; j++) {
                u[i] += m[i][j] * v[j];
            }
        }
        u = normalised(u);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 12; j++) {
                sigma += u[i] * m[i][j] * v[j];
            }
        }
        double[] got = h.sn.weight().value().toDoubleArray();
        double[] want = w.toDoubleArray();
        for (int e = 0; e < want.length; e++) {
            assertEquals(want[e] / sigma, got[e], 1e-14, "W / sigma element " + e);
        }
        assertArrayEquals(u, h.buffer("weight_u").toDoubleArray(), 1e-14, "u after the step");
        assertArrayEquals(v, h.buffer("weight_v").toDoubleArray(), 1e-14, "v after the step");
        assertEquals(sigma, h.sn.sigma(), 1e-6 * sigma, "sigma (read back as a float)");
    }

    @Test
    void normalisedWeightHasSpectralNormOne() {
        Tensor w = Ops.mul(Ops.normal(REF, 3, 0, 0, 1, 8, 4, 3, 3), 0.7f);
        Holder h = new Holder(w, 4);
        Var sn = null;
        for (int step = 0; step < 300; step++) {
            sn = h.sn.weight();
        }
        double s1 = largestSingularValue(w);
        assertEquals(s1, h.sn.sigma(), 1e-6 * s1, "u^T W v converges to the largest singular value");
        assertEquals(1.0, largestSingularValue(sn.value()), 1e-10, "largest singular value of W / sigma");
    }

    @Test
    void evaluationKeepsTheVectors() {
        Holder h = new Holder(Ops.uniform(REF, 5, 0, -1, 1, 4, 6), 6);
        h.sn.weight();
        double[] u = h.buffer("weight_u").toDoubleArray();
        double[] v = h.buffer("weight_v").toDoubleArray();
        h.eval();
        Tensor a = h.sn.weight().value();
        Tensor b = h.sn.weight().value();
        assertArrayEquals(u, h.buffer("weight_u").toDoubleArray());
        assertArrayEquals(v, h.buffer("weight_v").toDoubleArray());
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray());
    }

    @Test
    void torchNames() {
        Holder h = new Holder(Ops.uniform(REF, 7, 0, -1, 1, 3, 2, 4, 4), 8);
        assertEquals(List.of("weight_orig", "weight_u", "weight_v"), List.copyOf(h.stateDict().keySet()));
        assertEquals(List.of("weight_orig"), List.copyOf(h.namedParameters().keySet()));
        assertArrayEquals(new int[] {3}, h.buffer("weight_u").shape());
        assertArrayEquals(new int[] {32}, h.buffer("weight_v").shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpectralNorm.register(new Module() {
        }, "w", Tensor.zeros(REF, 3, 4), Tensor.zeros(REF, 4), Tensor.zeros(REF, 4)));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void gradientThroughSigma() {
        Tensor w = Ops.uniform(REF, 9, 0, -1, 1, 3, 2, 2, 2);
        Holder h = new Holder(w, 10);
        h.sn.weight();
        h.eval();
        Tensor r = Ops.uniform(REF, 11, 0, -1, 1, 3, 2, 2, 2);
        h.sn.weight().backward(r);
        double[] analytic = h.sn.original().grad().toDoubleArray();
        double[] x = w.toDoubleArray();
        double step = GradCheck.H;
        for (int e = 0; e < x.length; e++) {
            double numeric = (loss(h, x, e, step, r) - loss(h, x, e, -step, r)) / (2 * step);
            if (!(Math.abs(analytic[e] - numeric) <= GradCheck.RTOL * (1 + Math.abs(numeric)))) {
                fail("d/d weight_orig element " + e + ": analytic " + analytic[e] + ", central difference " + numeric);
            }
        }
    }

    private static double loss(Holder h, double[] x, int element, double step, Tensor r) {
        double[] shifted = x.clone();
        shifted[element] += step;
        h.sn.original().setValue(Tensor.ofDoubles(REF, shifted, h.sn.original().shape()));
        double[] y;
        try (NoGrad _ = NoGrad.enter()) {
            y = h.sn.weight().value().toDoubleArray();
        }
        h.sn.original().setValue(Tensor.ofDoubles(REF, x, h.sn.original().shape()));
        double[] rv = r.toDoubleArray();
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            s += rv[k] * y[k];
        }
        return s;
    }
}
