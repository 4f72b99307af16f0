package pagoda.tensor.ref;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;

/**
 * Finite-difference gradient checks on the reference backend, in double. A backward op is checked through
 * a scalar loss {@code L(x) = <f(x), r>} with a fixed random projection r: its gradient is the backward op
 * applied to {@code dy = r}, and the central difference {@code (L(x + h e_i) - L(x - h e_i)) / 2h} has
 * truncation error O(h^2) and rounding error O(eps |L| / h), both far below the tolerance at h = 1e-6.
 */
final class GradCheck {
    static final double H = 1e-6;
    /** Largest allowed |analytic - numeric|, relative to the largest |numeric| entry. */
    static final double TOLERANCE = 1e-6;

    private GradCheck() {
    }

    /** n seeded draws, uniform in [-1, 1). */
    static double[] uniform(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble(-1.0, 1.0);
        }
        return v;
    }

    /** A reference tensor holding v exactly (no rounding to float). */
    static Tensor tensor(double[] v, int... shape) {
        return Tensor.ofDoubles(Backends.reference(), v, shape);
    }

    static int numel(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    static double dot(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dot: lengths " + a.length + " and " + b.length);
        }
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** {@code <t, r>} for a tensor t. */
    static double dot(Tensor t, double[] r) {
        return dot(t.toDoubleArray(), r);
    }

    /** {@code sum |a_i b_i|}: the size of a dot product's rounding error, up to a factor of eps and the length. */
    private static double absDot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] * b[i]);
        }
        return s;
    }

    /** The central-difference gradient of {@code loss} at x. */
    static double[] numeric(ToDoubleFunction<double[]> loss, double[] x) {
        double[] g = new double[x.length];
        double[] p = x.clone();
        for (int i = 0; i < x.length; i++) {
            p[i] = x[i] + H;
            double up = loss.applyAsDouble(p);
            p[i] = x[i] - H;
            double down = loss.applyAsDouble(p);
            p[i] = x[i];
            g[i] = (up - down) / (2 * H);
        }
        return g;
    }

    /** Asserts analytic agrees with numeric to {@link #TOLERANCE} in the normalised max norm. */
    static void assertGradient(String what, double[] numeric, double[] analytic) {
        assertTrue(numeric.length == analytic.length,
                what + ": gradient has " + analytic.length + " entries, expected " + numeric.length);
        double scale = 0.0;
        double err = 0.0;
        int worst = 0;
        for (int i = 0; i < numeric.length; i++) {
            scale = Math.max(scale, Math.abs(numeric[i]));
            double e = Math.abs(analytic[i] - numeric[i]);
            if (e > err) {
                err = e;
                worst = i;
            }
        }
        assertTrue(scale > 1e-3, what + ": the numeric gradient vanishes (max " + scale + "), the check would prove nothing");
        double rel = err / scale;
        int at = worst;
        assertTrue(rel <= TOLERANCE, () -> what + ": relative error " + rel + " at entry " + at + " (analytic "
                + analytic[at] + ", numeric " + numeric[at] + ")");
    }

    /** Asserts {@code <a, b>} equals {@code <c, d>} to rounding: the adjoint identity {@code <A x, y> = <x, A^T y>}. */
    static void assertAdjoint(String what, double[] ax, double[] y, double[] x, double[] aty) {
        double left = dot(ax, y);
        double right = dot(x, aty);
        double scale = absDot(ax, y) + absDot(x, aty);
        assertTrue(Math.abs(left - right) <= 1e-12 * scale,
                what + ": <A x, y> = " + left + " but <x, A^T y> = " + right);
    }
}
