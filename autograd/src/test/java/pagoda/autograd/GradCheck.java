package pagoda.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Function;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Finite-difference check of backward rules on the float64 reference backend. For a graph
 * {@code y = f(x_1, ..., x_n)} and a fixed random cotangent r, the scalar {@code L = sum(r * y)} has
 * gradient {@code dL/dx_i}, which the tape gives as {@code y.backward(r)}; every element is compared with
 * the central difference {@code (L(x + h e) - L(x - h e)) / 2h}.
 *
 * <p>Tolerance: with h = 1e-6 in double, the central difference's truncation error is
 * {@code h^2 |L'''| / 6 ~ 1e-13} for the smooth, O(1)-scaled functions tested, and its rounding error is
 * about {@code 2^-52 |L| / h ~ 2e-10 |L|}, where |L| stays below 100 here. So
 * {@code |analytic - numeric| <= 1e-6 (1 + |numeric|)} leaves two orders of margin, while any wrong rule
 * (a missing factor, a transposed index, a lost broadcast term) is off by O(1). Inputs of kinked functions
 * (relu, abs, clamp) are drawn so that no element lies within h of a kink (checked).
 */
final class GradCheck {
    static final Backend REF = Backends.reference();
    static final double H = 1e-6;
    static final double RTOL = 1e-6;

    private GradCheck() {
    }

    /** Uniform draws in [lo, hi) on the reference backend, keyed by seed. */
    static Tensor uniform(long seed, double lo, double hi, int... shape) {
        return Ops.uniform(REF, seed, 0, (float) lo, (float) hi, shape);
    }

    /** Symmetric draws in [-1, 1). */
    static Tensor sym(long seed, int... shape) {
        return uniform(seed, -1, 1, shape);
    }

    /** Draws in [-1, 1) whose magnitudes are at least {@code gap}, away from a kink at 0. */
    static Tensor symAwayFromZero(long seed, double gap, int... shape) {
        double[] v = sym(seed, shape).toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.copySign(gap + (1 - gap) * Math.abs(v[i]), v[i]);
        }
        return Tensor.ofDoubles(REF, v, shape);
    }

    /** x with every element closer than {@code gap} to a kink moved to {@code gap} from it. */
    static Tensor avoid(Tensor x, double gap, double... kinks) {
        double[] v = x.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            for (double k : kinks) {
                if (Math.abs(v[i] - k) < gap) {
                    v[i] = v[i] < k ? k - gap : k + gap;
                }
            }
        }
        return Tensor.ofDoubles(REF, v, x.shape());
    }

    /** Checks the gradients of every input of f at {@code inputs} (each becomes a parameter). */
    static void check(String what, Function<Var[], Var> f, Tensor... inputs) {
        Var[] vars = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            vars[i] = Var.parameter(inputs[i]);
        }
        Var y = f.apply(vars);
        Tensor r = sym(0xC0FFEEL + inputs.length, y.shape());
        y.backward(r);
        double[] rv = r.toDoubleArray();
        for (int i = 0; i < inputs.length; i++) {
            Tensor analytic = vars[i].grad();
            assertNotNull(analytic, what + ": input " + i + " received no gradient");
            assertEquals(java.util.Arrays.toString(inputs[i].shape()), java.util.Arrays.toString(analytic.shape()),
                    what + ": gradient shape of input " + i);
            double[] a = analytic.toDoubleArray();
            double[] x = inputs[i].toDoubleArray();
            for (int e = 0; e < x.length; e++) {
                double numeric = (loss(f, inputs, i, e, x, H, rv) - loss(f, inputs, i, e, x, -H, rv)) / (2 * H);
                if (!(Math.abs(a[e] - numeric) <= RTOL * (1 + Math.abs(numeric)))) {
                    fail(what + ": d/d input " + i + " element " + e + ": analytic " + a[e] + ", central difference " + numeric);
                }
            }
        }
    }

    private static double loss(Function<Var[], Var> f, Tensor[] inputs, int which, int element, double[] x, double h, double[] r) {
        double[] shifted = x.clone();
        shifted[element] += h;
        Var[] vars = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            vars[i] = Var.constant(i == which ? Tensor.ofDoubles(REF, shifted, inputs[i].shape()) : inputs[i]);
        }
        double[] y;
        try (NoGrad _ = NoGrad.enter()) {
            y = f.apply(vars).value().toDoubleArray();
        }
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            s += r[k] * y[k];
        }
        return s;
    }
}
