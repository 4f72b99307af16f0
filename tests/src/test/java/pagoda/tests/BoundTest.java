package pagoda.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * The suite's judge itself: a plain float32 computation passes its bound, the same computation with one
 * term dropped fails it, and a failure names the element, both values, the normalised error and the
 * tolerance.
 */
class BoundTest {
    private static final int M = 5;
    private static final int K = 389;
    private static final int N = 7;

    /** a [M, K] @ b [K, N] summed left to right in float, optionally without the term k = 0 of element (row, col). */
    private static double[] floatProduct(float[] a, float[] b, int row, int col) {
        double[] c = new double[M * N];
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                float s = 0;
                for (int k = 0; k < K; k++) {
                    if (!(i == row && j == col && k == 0)) {
                        s += a[i * K + k] * b[k * N + j];
                    }
                }
                c[i * N + j] = s;
            }
        }
        return c;
    }

    private static float[] symmetric(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextDouble(-1, 1);
        }
        return v;
    }

    @Test
    void aFloatProductPassesAndAMissingTermFails() {
        SplittableRandom rng = new SplittableRandom(5);
        float[] a = symmetric(rng, M * K);
        float[] b = symmetric(rng, K * N);
        Tensor ta = Tensor.of(Backends.reference(), a, M, K);
        Tensor tb = Tensor.of(Backends.reference(), b, K, N);
        double[] twin = Readback.values(Ops.matmul(ta, tb));
        Bound bound = Bound.sum(K, Readback.values(Ops.matmul(Ops.abs(ta), Ops.abs(tb))), "K products");
        int[] shape = {M, N};

        assertNull(Comparison.check("c", shape, floatProduct(a, b, -1, -1), twin, bound));
        String failure = Comparison.check("c", shape, floatProduct(a, b, 3, 4), twin, bound);
        assertNotNull(failure, "a product without one of its " + K + " terms must fail");
        for (String part : new String[] {"output 'c' [5, 7]", "1 of 35 elements", "[3, 4] (flat 25)", "normalised error",
            "tolerance " + (K + 2.0), "n = " + K}) {
            assertTrue(failure.contains(part), "the failure names " + part + ":\n" + failure);
        }
    }

    @Test
    void nonFiniteValuesAndExactRules() {
        int[] shape = {3};
        double[] want = {1, Double.NaN, -2};
        assertNull(Comparison.check("x", shape, new double[] {1, Double.NaN, -2}, want, Bound.exact()));
        assertNotNull(Comparison.check("x", shape, new double[] {1, 0, -2}, want, Bound.exact()), "NaN expected");
        assertNotNull(Comparison.check("x", shape, new double[] {Double.NaN, Double.NaN, -2}, want,
                Bound.ulps(4, want, "test")), "NaN where a number is expected");
        assertNotNull(Comparison.check("x", shape, new double[] {Math.nextUp(1.0f), Double.NaN, -2}, want, Bound.exact()),
                "one ulp off an exact op");
        assertNull(Comparison.check("x", shape, new double[] {Math.nextUp(1.0f), Double.NaN, -2}, want,
                Bound.ulps(1, want, "test")), "one ulp within one ulp");
    }
}
