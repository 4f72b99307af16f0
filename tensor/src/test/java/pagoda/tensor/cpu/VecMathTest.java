package pagoda.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The polynomial transcendentals against Math in double: ulp bounds over the float range, and special values. */
class VecMathTest {

    /** One of the array functions of VecMath, which take whole vectors only. */
    private interface ArrayFunction {
        void apply(float[] src, int so, float[] dst, int dso, int n);
    }

    private static float[] apply(ArrayFunction f, float[] x) {
        int n = (x.length + Simd.LANES - 1) / Simd.LANES * Simd.LANES;
        float[] out = new float[n];
        f.apply(Arrays.copyOf(x, n), 0, out, 0, n);
        return Arrays.copyOf(out, x.length);
    }

    /** Largest error in units of the last place of the float result. */
    private static double maxUlp(ArrayFunction f, DoubleUnaryOperator ref, float[] x) {
        float[] got = apply(f, x);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double want = ref.applyAsDouble(x[i]);
            if (Double.isInfinite((float) want) || (float) want == 0f) {
                assertEquals((float) want, got[i], "at x = " + x[i]);
                continue;
            }
            worst = Math.max(worst, Math.abs(got[i] - want) / Math.ulp((float) want));
        }
        return worst;
    }

    @Test
    void expWithinTwoUlpOverItsRange() {
        assertTrue(maxUlp(VecMath::exp, Math::exp, Fixtures.uniform(1, 100_003, -103, 88.7)) <= 2.0);
    }

    @Test
    void logWithinTwoUlpIncludingSubnormals() {
        float[] x = Fixtures.uniform(2, 100_003, -149, 128);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.pow(2, x[i]);
        }
        assertTrue(maxUlp(VecMath::log, Math::log, x) <= 2.0);
    }

    @Test
    void tanhAndSigmoidWithinThreeUlp() {
        float[] x = Fixtures.uniform(3, 100_003, -12, 12);
        assertTrue(maxUlp(VecMath::tanh, Math::tanh, x) <= 3.0);
        assertTrue(maxUlp(VecMath::sigmoid, v -> 1 / (1 + Math.exp(-v)), x) <= 3.0);
    }

    /** The function's value at its special points, exactly as Math's rounded to float. */
    private static void exactAt(String name, ArrayFunction f, DoubleUnaryOperator ref, float... x) {
        float[] got = apply(f, x);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToIntBits((float) ref.applyAsDouble(x[i])), Float.floatToIntBits(got[i]),
                    name + "(" + x[i] + ") = " + got[i]);
        }
    }

    @Test
    void specialValuesFollowMath() {
        float nan = Float.NaN;
        float inf = Float.POSITIVE_INFINITY;
        exactAt("exp", VecMath::exp, Math::exp, nan, inf, -inf, 0f, -0f, 89f, -104f);
        exactAt("log", VecMath::log, Math::log, nan, inf, -inf, 0f, -0f, -1f, 1f);
        exactAt("tanh", VecMath::tanh, Math::tanh, nan, inf, -inf, 0f, -0f, 30f, -30f);
        exactAt("sigmoid", VecMath::sigmoid, v -> 1 / (1 + Math.exp(-v)), nan, inf, -inf, 0f, -0f);
    }
}
