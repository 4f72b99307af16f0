package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Exp, log, sigmoid and tanh over arrays, built only from correctly rounded operations (add, mul, fma,
 * compare, blend, bit moves), so that every JIT tier computes the same bits.
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: the interpreter and C1 evaluate it lane by lane with
 * {@code Math.exp}, C2 with an SVML stub, and the two disagree in the last bit (742 of 65,536 values on
 * this machine, JDK 25). A kernel's first calls would then differ from its later ones, breaking the
 * backend's contract of bit-identical reruns. {@code reduceLanes(ADD)} has the same flaw, so kernels add
 * lanes with an explicit {@code lane(l)} loop, in lane order.
 *
 * <p>Why arrays, not vectors, in the signatures, here and in every kernel: a method of ours that takes or
 * returns a {@code FloatVector} and is not inlined boxes the vector on every call, and C2 does decline:
 * log is over its 325-byte limit for hot methods, a few exp bodies exhaust the node budget of one
 * compilation, and then even a 28-byte lane-sum helper was left out (measured: 50 to 100 times slower,
 * or one allocation per softmax row). Each polynomial is therefore written once, inside the loop of its
 * own array function, and composite functions are passes over arrays.
 * Every {@code n} is a multiple of {@link Simd#LANES}; callers route tails through a padded buffer.
 *
 * <p>The polynomials are Cephes' {@code expf}, {@code logf} and {@code tanhf} (S. L. Moshier), within 2 ulp
 * (exp, log) and 3 ulp (tanh, sigmoid) over the float range.
 */
final class VecMath {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int LANES = Simd.LANES;
    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split so that {@code n * LN2_HI} is exact for |n| < 2^9 (Cody and Waite). */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits. */
    private static final float ROUND_MAGIC = 12582912f;
    private static final int ROUND_MAGIC_BITS = 0x4B400000;
    private static final float SQRT_HALF = 0.707106781186547524f;

    private VecMath() {
    }

    /** dst = e^src; +inf above 88.72, 0 below -103.97 (through subnormals), NaN for NaN; dst may be src. */
    static void exp(float[] src, int so, float[] dst, int dso, int n) {
        exp(src, so, 0f, dst, dso, n);
    }

    /** dst = e^(src - shift), the shift (softmax's max) applied in the same pass; x - 0 is x exactly. */
    static void exp(float[] src, int so, float shift, float[] dst, int dso, int n) {
        FloatVector lnHi = FloatVector.broadcast(F, -LN2_HI);
        FloatVector lnLo = FloatVector.broadcast(F, -LN2_LO);
        for (int i = 0; i < n; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, src, so + i).sub(shift).max(-104f).min(89f);
            FloatVector m = x.fma(LOG2E, ROUND_MAGIC);
            FloatVector k = m.sub(ROUND_MAGIC);
            FloatVector r = k.fma(lnLo, k.fma(lnHi, x));
            FloatVector y = r.fma(1.9875691500E-4f, 1.3981999507E-3f)
                    .fma(r, r.broadcast(8.3334519073E-3f))
                    .fma(r, r.broadcast(4.1665795894E-2f))
                    .fma(r, r.broadcast(1.6666665459E-1f))
                    .fma(r, r.broadcast(5.0000001201E-1f))
                    .fma(r.mul(r), r)
                    .add(1f);
            // 2^k as two factors: k reaches -150 (subnormal results) and 128 (overflow to +inf)
            IntVector ki = m.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
            IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = ki.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            y.mul(s1).mul(s2).intoArray(dst, dso + i);
        }
    }

    /** dst = ln src; -inf at 0, NaN below 0 and for NaN, +inf at +inf; dst may be src. */
    static void log(float[] src, int so, float[] dst, int dso, int n) {
        FloatVector lnHi = FloatVector.broadcast(F, LN2_HI);
        FloatVector lnLo = FloatVector.broadcast(F, LN2_LO);
        for (int i = 0; i < n; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, src, so + i);
            VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
            IntVector bits = x.blend(x.mul(8388608f), subnormal).reinterpretAsInts();
            FloatVector e = bits.lanewise(VectorOperators.LSHR, 23).and(0xFF).sub(126)
                    .convert(VectorOperators.I2F, 0).reinterpretAsFloats();
            e = e.blend(e.sub(23f), subnormal);
            FloatVector mant = bits.and(0x807FFFFF).or(0x3F000000).reinterpretAsFloats();
            VectorMask<Float> low = mant.compare(VectorOperators.LT, SQRT_HALF);
            e = e.blend(e.sub(1f), low);
            FloatVector t = mant.blend(mant.add(mant), low).sub(1f);
            FloatVector z = t.mul(t);
            FloatVector y = t.fma(7.0376836292E-2f, -1.1514610310E-1f)
                    .fma(t, t.broadcast(1.1676998740E-1f))
                    .fma(t, t.broadcast(-1.2420140846E-1f))
                    .fma(t, t.broadcast(1.4249322787E-1f))
                    .fma(t, t.broadcast(-1.6668057665E-1f))
                    .fma(t, t.broadcast(2.0000714765E-1f))
                    .fma(t, t.broadcast(-2.4999993993E-1f))
                    .fma(t, t.broadcast(3.3333331174E-1f))
                    .mul(t).mul(z);
            y = z.fma(z.broadcast(-0.5f), e.fma(lnLo, y));
            FloatVector res = e.fma(lnHi, t.add(y));
            res = res.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
            res = res.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
            res.blend(Float.NaN, x.compare(VectorOperators.GE, 0f).not()).intoArray(dst, dso + i);
        }
    }

    /** dst = 1 / (1 + e^{-src}), in three passes through dst; dst may be src. */
    static void sigmoid(float[] src, int so, float[] dst, int dso, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector.fromArray(F, src, so + i).neg().intoArray(dst, dso + i);
        }
        exp(dst, dso, dst, dso, n);
        for (int i = 0; i < n; i += LANES) {
            FloatVector d = FloatVector.fromArray(F, dst, dso + i).add(1f);
            d.broadcast(1f).div(d).intoArray(dst, dso + i);
        }
    }

    /**
     * dst = tanh(src): x (1 + z P(z)), z = x^2, below |x| = 0.625 (keeping the sign of -0), else
     * sign(x) (1 - e) / (1 + e) with e = e^{-2|x|} computed in dst first; dst must not be src.
     */
    static void tanh(float[] src, int so, float[] dst, int dso, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector.fromArray(F, src, so + i).abs().mul(-2f).intoArray(dst, dso + i);
        }
        exp(dst, dso, dst, dso, n);
        for (int i = 0; i < n; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, src, so + i);
            FloatVector e = FloatVector.fromArray(F, dst, dso + i);
            FloatVector big = e.broadcast(1f).sub(e).div(e.add(1f));
            big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
            FloatVector z = x.mul(x);
            FloatVector small = z.fma(-5.70498872745E-3f, 2.06390887954E-2f)
                    .fma(z, z.broadcast(-5.37397155531E-2f))
                    .fma(z, z.broadcast(1.33314422036E-1f))
                    .fma(z, z.broadcast(-3.33332819422E-1f))
                    .fma(z, z.broadcast(1f)).mul(x);
            big.blend(small, x.abs().compare(VectorOperators.LT, 0.625f)).intoArray(dst, dso + i);
        }
    }
}
