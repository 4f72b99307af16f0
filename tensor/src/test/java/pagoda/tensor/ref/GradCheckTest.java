package pagoda.tensor.ref;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static pagoda.tensor.ref.GradCheck.assertAdjoint;
import static pagoda.tensor.ref.GradCheck.assertGradient;
import static pagoda.tensor.ref.GradCheck.numeric;
import static pagoda.tensor.ref.GradCheck.uniform;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The checker itself: it confirms a known gradient and rejects slightly wrong ones, so its passes mean something. */
class GradCheckTest {
    private static final double[] X = uniform(1, 50);
    private static final double[] R = uniform(2, 50);

    /** {@code L(x) = sum r_i x_i^3}, whose gradient is {@code 3 r_i x_i^2}. */
    private static double cubic(double[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += R[i] * x[i] * x[i] * x[i];
        }
        return s;
    }

    private static double[] cubicGradient() {
        double[] g = new double[X.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = 3 * R[i] * X[i] * X[i];
        }
        return g;
    }

    @Test
    void acceptsTheTrueGradient() {
        assertGradient("cubic", numeric(GradCheckTest::cubic, X), cubicGradient());
    }

    @Test
    void rejectsAGradientWrongInOneEntryByOnePartInTenThousand() {
        double[] g = cubicGradient();
        g[17] *= 1 + 1e-4;
        assertThrows(AssertionFailedError.class, () -> assertGradient("cubic", numeric(GradCheckTest::cubic, X), g));
    }

    @Test
    void rejectsAVanishingGradient() {
        assertThrows(AssertionFailedError.class, () -> assertGradient("zero", new double[3], new double[3]));
    }

    @Test
    void adjointIdentityRejectsAScaledTranspose() {
        double[] x = uniform(3, 4);
        double[] y = uniform(4, 4);
        // A = diag(1, 2, 3, 4) is its own transpose; 1.000001 A is not A's transpose
        double[] ax = {x[0], 2 * x[1], 3 * x[2], 4 * x[3]};
        double[] aty = {y[0], 2 * y[1], 3 * y[2], 4 * y[3]};
        assertAdjoint("diag", ax, y, x, aty);
        double[] wrong = aty.clone();
        for (int i = 0; i < 4; i++) {
            wrong[i] *= 1.000001;
        }
        assertThrows(AssertionFailedError.class, () -> assertAdjoint("diag", ax, y, x, wrong));
    }
}
