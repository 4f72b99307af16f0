package pagoda.tensor.io;

/**
 * Conversions between float/double and the 16-bit formats F16 (IEEE binary16) and BF16 (bfloat16, the
 * top half of a float32). Narrowing rounds to nearest, ties to even, and keeps NaN a NaN; widening is
 * exact.
 */
final class HalfFloats {
    private HalfFloats() {
    }

    static float f16ToFloat(short bits) {
        return Float.float16ToFloat(bits);
    }

    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    static short floatToF16(float f) {
        return Float.floatToFloat16(f);
    }

    /**
     * Rounds to nearest even by adding half an ulp of the result (minus one when the kept part is even)
     * before truncating. A NaN is truncated with its quiet bit set: truncating a NaN whose payload lies
     * only in the low half would otherwise give an infinity.
     */
    static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    static short doubleToF16(double d) {
        return Float.floatToFloat16(roundToOddFloat(d));
    }

    static short doubleToBf16(double d) {
        return floatToBf16(roundToOddFloat(d));
    }

    /**
     * Rounds a double to float with round-to-odd: an inexact result is the neighbour toward zero with its
     * last mantissa bit forced to 1. Rounding that float to nearest even in a format with at least two bits
     * less precision (F16: 11, BF16: 8, float: 24) then gives the same result as rounding the double
     * directly (Boldo and Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms using
     * rounding to odd", IEEE TC 2008). Plain {@code (float) d} would round twice and can break a tie the
     * wrong way.
     */
    static float roundToOddFloat(double d) {
        float f = (float) d;
        if (Double.isNaN(d) || (double) f == d) {
            return f;
        }
        if (Math.abs((double) f) > Math.abs(d)) {
            f = Math.nextAfter(f, 0.0);
        }
        return Float.intBitsToFloat(Float.floatToRawIntBits(f) | 1);
    }
}
