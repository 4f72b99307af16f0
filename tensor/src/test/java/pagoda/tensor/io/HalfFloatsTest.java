package pagoda.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The 16-bit conversions against an independent oracle: a table of every non-negative finite value of
 * the format, searched for the neighbours of x, with the nearest picked by exact decimal arithmetic and
 * ties going to the even bit pattern. The bit tricks of {@link HalfFloats} are so checked against the
 * definition of rounding, not against themselves.
 */
class HalfFloatsTest {
    private static final Oracle F16 = new Oracle(0x7BFF, 0x1p16, b -> HalfFloats.f16ToFloat((short) b));
    private static final Oracle BF16 = new Oracle(0x7F7F, 0x1p128, b -> HalfFloats.bf16ToFloat((short) b));

    /** Round-to-nearest-even into a 16-bit format whose largest finite pattern is {@code maxFinite}. */
    private record Oracle(double[] values) {
        Oracle(int maxFinite, double overflow, IntToDoubleFunction value) {
            this(table(maxFinite, overflow, value));
        }

        private static double[] table(int maxFinite, double overflow, IntToDoubleFunction value) {
            double[] v = new double[maxFinite + 2];
            for (int b = 0; b <= maxFinite; b++) {
                v[b] = value.applyAsDouble(b);
            }
            v[maxFinite + 1] = overflow;
            return v;
        }

        /** The pattern of x; {@code maxFinite + 1} is infinity, since IEEE rounds as if the exponent were unbounded. */
        short round(double x) {
            double a = Math.abs(x);
            short sign = (short) (Double.doubleToRawLongBits(x) < 0 ? 0x8000 : 0);
            int last = values.length - 1;
            if (a >= values[last]) {
                return (short) (sign | last);
            }
            int i = Arrays.binarySearch(values, a);
            if (i >= 0) {
                return (short) (sign | i);
            }
            int lo = -i - 2;
            BigDecimal exact = new BigDecimal(a);
            int c = exact.subtract(new BigDecimal(values[lo])).compareTo(new BigDecimal(values[lo + 1]).subtract(exact));
            int pick = c < 0 || (c == 0 && (lo & 1) == 0) ? lo : lo + 1;
            return (short) (sign | pick);
        }
    }

    private static double randomValue(SplittableRandom rnd, int minExponent, int maxExponent) {
        return (rnd.nextDouble() * 2 - 1) * Math.scalb(1.0, rnd.nextInt(minExponent, maxExponent));
    }

    /**
     * Values on and next to the midpoint between two neighbours, where ties to even and single rounding
     * are decided; random values almost never land there.
     */
    private static void checkNearTies(SplittableRandom rnd, Oracle oracle, int maxFinite,
                                      IntToDoubleFunction value, FloatToShort fromFloat, DoubleToShort fromDouble) {
        for (int i = 0; i < 20_000; i++) {
            int p = rnd.nextInt(maxFinite);
            double mid = (value.applyAsDouble(p) + value.applyAsDouble(p + 1)) / 2;
            double sign = rnd.nextBoolean() ? 1 : -1;
            double tie = sign * mid;
            assertEquals(oracle.round(tie), fromFloat.apply((float) tie), "float tie " + tie);
            assertEquals(oracle.round(tie), fromDouble.apply(tie), "double tie " + tie);
            double nudge = Math.ulp(mid) * (1 << 10);
            assertEquals(oracle.round(tie + nudge), fromDouble.apply(tie + nudge), "double above tie " + (tie + nudge));
            assertEquals(oracle.round(tie - nudge), fromDouble.apply(tie - nudge), "double below tie " + (tie - nudge));
        }
    }

    private interface FloatToShort {
        short apply(float f);
    }

    private interface DoubleToShort {
        short apply(double d);
    }

    @Test
    void tiesGoToEvenAndNearTiesRoundOnce() {
        SplittableRandom rnd = new SplittableRandom(13);
        checkNearTies(rnd, F16, 0x7BFF, b -> HalfFloats.f16ToFloat((short) b), HalfFloats::floatToF16, HalfFloats::doubleToF16);
        checkNearTies(rnd, BF16, 0x7F7F, b -> HalfFloats.bf16ToFloat((short) b), HalfFloats::floatToBf16, HalfFloats::doubleToBf16);
    }

    @Test
    void f16MatchesTheOracleFromFloatsAndDoubles() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            double d = randomValue(rnd, -28, 18);
            assertEquals(F16.round(d), HalfFloats.doubleToF16(d), "double " + d);
            float f = (float) randomValue(rnd, -28, 18);
            assertEquals(F16.round(f), HalfFloats.floatToF16(f), "float " + f);
        }
    }

    @Test
    void bf16MatchesTheOracleFromFloatsAndDoubles() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int i = 0; i < 100_000; i++) {
            double d = randomValue(rnd, -140, 130);
            assertEquals(BF16.round(d), HalfFloats.doubleToBf16(d), "double " + d);
            float f = Float.intBitsToFloat(rnd.nextInt());
            if (!Float.isNaN(f)) {
                assertEquals(BF16.round(f), HalfFloats.floatToBf16(f), "float " + f);
            }
        }
    }

    @Test
    void roundingOnceDiffersFromRoundingTwiceAtHiddenTies() {
        double aboveF16Tie = 1 + 0x1p-11 + 0x1p-40;
        assertEquals(0x3C00, Float.floatToFloat16((float) aboveF16Tie), "through float the value lands on the tie");
        assertEquals(0x3C01, HalfFloats.doubleToF16(aboveF16Tie));
        assertEquals(F16.round(aboveF16Tie), HalfFloats.doubleToF16(aboveF16Tie));
        double aboveBf16Tie = 1 + 0x1p-8 + 0x1p-40;
        assertEquals(0x3F80, HalfFloats.floatToBf16((float) aboveBf16Tie), "through float the value lands on the tie");
        assertEquals(0x3F81, HalfFloats.doubleToBf16(aboveBf16Tie));
    }

    @Test
    void bf16EdgeValues() {
        assertEquals(0x3F80, HalfFloats.floatToBf16(1.0f));
        assertEquals(0x3F80, HalfFloats.floatToBf16(1 + 0x1p-8f), "tie to even (down)");
        assertEquals(0x3F82, HalfFloats.floatToBf16(1 + 0x1p-7f + 0x1p-8f), "tie to even (up)");
        assertEquals(0x3F81, HalfFloats.floatToBf16(1 + 0x1p-8f + 0x1p-23f), "above the tie");
        assertEquals((short) 0x8000, HalfFloats.floatToBf16(-0.0f));
        assertEquals(0x7F80, HalfFloats.floatToBf16(Float.MAX_VALUE), "overflows to infinity");
        assertEquals((short) 0xFF80, HalfFloats.floatToBf16(Float.NEGATIVE_INFINITY));
        assertEquals(0x0000, HalfFloats.floatToBf16(Float.MIN_VALUE), "below half the smallest bf16 subnormal");
        assertEquals(0x0001, HalfFloats.floatToBf16(0x1p-133f), "smallest bf16 subnormal");
        assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.intBitsToFloat(0x7F800001)))),
                "a NaN whose payload lies in the dropped half stays NaN");
        assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.doubleToBf16(Double.NaN))));
        assertEquals(Float.intBitsToFloat(0x3F810000), HalfFloats.bf16ToFloat((short) 0x3F81));
    }

    @Test
    void f16EdgeValues() {
        assertEquals(65504f, HalfFloats.f16ToFloat(HalfFloats.floatToF16(65519f)));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.f16ToFloat(HalfFloats.floatToF16(65520f)), "overflow to infinity");
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.f16ToFloat(HalfFloats.doubleToF16(1e300)));
        assertEquals(0x1p-24f, HalfFloats.f16ToFloat(HalfFloats.floatToF16(0x1p-24f)), "smallest subnormal");
        assertEquals(0f, HalfFloats.f16ToFloat(HalfFloats.floatToF16(0x1p-25f)), "tie to even (zero)");
        assertEquals(0x1p-24f, HalfFloats.f16ToFloat(HalfFloats.doubleToF16(0x1p-25 + 0x1p-60)), "just above the tie");
        assertEquals((short) 0x8000, HalfFloats.doubleToF16(-1e-300));
        assertTrue(Float.isNaN(HalfFloats.f16ToFloat(HalfFloats.doubleToF16(Double.NaN))));
    }
}
