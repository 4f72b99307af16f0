package pagoda.tensor.random;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a counter-based
 * generator. Draw {@code d} of the stream {@code seed} is word {@code d & 3} of the block for counter
 * {@code d >>> 2}, so any draw is computed without the ones before it, on any thread, in any order.
 *
 * <p>Uniform floats use the top 24 bits of a word. Normals use Box-Muller on the word pairs (0, 1) and
 * (2, 3) of a block; its logarithm, sine and cosine are evaluated here from IEEE additions,
 * multiplications, divisions, square roots and explicit fused multiply-adds only (no library calls), so
 * the CUDA kernel, written with the same operations ({@code fma()}, {@code -fmad=false}), reproduces
 * every value bit for bit.
 */
public final class Philox {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;

    private static final double TWO_POW_M32 = 0x1p-32;
    private static final double LN2 = 0x1.62e42fefa39efp-1;
    private static final double SQRT2 = 0x1.6a09e667f3bcdp0;
    private static final double TWO_PI = 0x1.921fb54442d18p2;

    private Philox() {
    }

    /** Writes the four 32-bit words of block {@code counter} of stream {@code seed} into {@code out[0..3]}. */
    public static void block(long seed, long counter, int[] out) {
        block((int) counter, (int) (counter >>> 32), 0, 0, (int) seed, (int) (seed >>> 32), out);
    }

    /** The generator itself: ten rounds over a 128-bit counter (c0..c3) under a 64-bit key (k0, k1). */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** A uniform float in [0, 1) from one word. */
    public static float uniformFromWord(int word) {
        return (word >>> 8) * 0x1p-24f;
    }

    /**
     * Writes draws {@code first .. first + n - 1} of stream {@code seed} into {@code out[off ..]}: uniform
     * in [p0, p1) or normal with mean p0 and standard deviation p1.
     */
    public static void fill(float[] out, int off, int n, long seed, long first, boolean normal, float p0, float p1) {
        int[] w = new int[4];
        float[] v = new float[4];
        long d = first;
        long end = first + n;
        int i = off;
        while (d < end) {
            long counter = d >>> 2;
            block(seed, counter, w);
            if (normal) {
                boxMuller(w[0], w[1], v, 0);
                boxMuller(w[2], w[3], v, 2);
                for (int lane = 0; lane < 4; lane++) {
                    v[lane] = Math.fma(p1, v[lane], p0);
                }
            } else {
                float scale = p1 - p0;
                for (int lane = 0; lane < 4; lane++) {
                    v[lane] = Math.fma(scale, uniformFromWord(w[lane]), p0);
                }
            }
            for (int lane = (int) (d & 3); lane < 4 && d < end; lane++, d++) {
                out[i++] = v[lane];
            }
        }
    }

    /** Two standard normals from two words: {@code sqrt(-2 ln u1) (cos, sin)(2 pi u2)}, u1 in (0, 1], u2 in [0, 1). */
    static void boxMuller(int w0, int w1, float[] out, int at) {
        double u1 = ((w0 & 0xFFFFFFFFL) + 1) * TWO_POW_M32;
        double turns = (w1 & 0xFFFFFFFFL) * TWO_POW_M32;
        double r = Math.sqrt(-2.0 * log(u1));
        double quarter = Math.rint(turns * 4.0);
        double x = (turns - quarter * 0.25) * TWO_PI;
        double x2 = x * x;
        double sin = x * sinPoly(x2);
        double cos = cosPoly(x2);
        int q = (int) quarter & 3;
        double c;
        double s;
        switch (q) {
            case 0 -> {
                c = cos;
                s = sin;
            }
            case 1 -> {
                c = -sin;
                s = cos;
            }
            case 2 -> {
                c = -cos;
                s = -sin;
            }
            default -> {
                c = sin;
                s = -cos;
            }
        }
        out[at] = (float) (r * c);
        out[at + 1] = (float) (r * s);
    }

    /**
     * ln(u) for u in (0, 1]: u = m 2^e with m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh(s), s = (m - 1)/(m + 1),
     * whose odd series converges to double precision in 12 terms for |s| below 0.172.
     */
    static double log(double u) {
        long bits = Double.doubleToRawLongBits(u);
        int e = (int) ((bits >>> 52) & 0x7FF) - 1023;
        double m = Double.longBitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (m > SQRT2) {
            m *= 0.5;
            e += 1;
        }
        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;
        double p = 1.0 / 23.0;
        p = Math.fma(p, s2, 1.0 / 21.0);
        p = Math.fma(p, s2, 1.0 / 19.0);
        p = Math.fma(p, s2, 1.0 / 17.0);
        p = Math.fma(p, s2, 1.0 / 15.0);
        p = Math.fma(p, s2, 1.0 / 13.0);
        p = Math.fma(p, s2, 1.0 / 11.0);
        p = Math.fma(p, s2, 1.0 / 9.0);
        p = Math.fma(p, s2, 1.0 / 7.0);
        p = Math.fma(p, s2, 1.0 / 5.0);
        p = Math.fma(p, s2, 1.0 / 3.0);
        p = Math.fma(p, s2, 1.0);
        return Math.fma(e, LN2, 2.0 * s * p);
    }

    /** sin(x)/x on |x| <= pi/4: Taylor terms to x^20, below 1e-22 there. */
    private static double sinPoly(double x2) {
        double p = 1.0 / 51090942171709440000.0;
        p = Math.fma(p, x2, -1.0 / 121645100408832000.0);
        p = Math.fma(p, x2, 1.0 / 355687428096000.0);
        p = Math.fma(p, x2, -1.0 / 1307674368000.0);
        p = Math.fma(p, x2, 1.0 / 6227020800.0);
        p = Math.fma(p, x2, -1.0 / 39916800.0);
        p = Math.fma(p, x2, 1.0 / 362880.0);
        p = Math.fma(p, x2, -1.0 / 5040.0);
        p = Math.fma(p, x2, 1.0 / 120.0);
        p = Math.fma(p, x2, -1.0 / 6.0);
        return Math.fma(p, x2, 1.0);
    }

    /** cos(x) on |x| <= pi/4: Taylor terms to x^20. */
    private static double cosPoly(double x2) {
        double p = 1.0 / 2432902008176640000.0;
        p = Math.fma(p, x2, -1.0 / 6402373705728000.0);
        p = Math.fma(p, x2, 1.0 / 20922789888000.0);
        p = Math.fma(p, x2, -1.0 / 87178291200.0);
        p = Math.fma(p, x2, 1.0 / 479001600.0);
        p = Math.fma(p, x2, -1.0 / 3628800.0);
        p = Math.fma(p, x2, 1.0 / 40320.0);
        p = Math.fma(p, x2, -1.0 / 720.0);
        p = Math.fma(p, x2, 1.0 / 24.0);
        p = Math.fma(p, x2, -0.5);
        return Math.fma(p, x2, 1.0);
    }
}
