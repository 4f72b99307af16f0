package pagoda.tensor.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Philox4x32-10 against the Random123 known-answer vectors (kat_vectors, philox4x32 with 10 rounds), the
 * distributions of its uniforms and normals, and random access into the stream.
 */
class PhiloxTest {
    private static final int SAMPLES = 20_000;
    /** Significance of the Kolmogorov-Smirnov tests: a correct generator fails one with this probability. */
    private static final double ALPHA = 1e-3;

    private static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        Philox.block(c0, c1, c2, c3, k0, k1, out);
        return out;
    }

    @Test
    void random123KnownAnswers() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
                block(0, 0, 0, 0, 0, 0), "counter 0, key 0");
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                block(-1, -1, -1, -1, -1, -1), "counter and key all ones");
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0), "pi digits");
    }

    @Test
    void seedAndCounterMapToKeyAndLowCounterWords() {
        int[] out = new int[4];
        Philox.block(0x299f31d0_a4093822L, 0x85a308d3_243f6a88L, out);
        assertArrayEquals(block(0x243f6a88, 0x85a308d3, 0, 0, 0xa4093822, 0x299f31d0), out);
    }

    @Test
    void uniformsLieInTheirRangeAndFollowU01() {
        float[] u = new float[SAMPLES];
        Philox.fill(u, 0, SAMPLES, 7, 0, false, 0f, 1f);
        for (float v : u) {
            assertTrue(v >= 0f && v < 1f, "uniform draw " + v + " outside [0, 1)");
        }
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), toDouble(u));
        assertTrue(p > ALPHA, "Kolmogorov-Smirnov against U(0, 1): p = " + p);

        float[] shifted = new float[SAMPLES];
        Philox.fill(shifted, 0, SAMPLES, 7, 0, false, -3f, 5f);
        for (float v : shifted) {
            assertTrue(v >= -3f && v < 5f, "uniform draw " + v + " outside [-3, 5)");
        }
    }

    @Test
    void uniformsAreTheTop24BitsOfAWord() {
        assertEquals(0f, Philox.uniformFromWord(0));
        assertEquals(1f - 0x1p-24f, Philox.uniformFromWord(-1));
        assertEquals(0.5f, Philox.uniformFromWord(0x80000000));
    }

    @Test
    void normalsFollowN01() {
        float[] z = new float[SAMPLES];
        Philox.fill(z, 0, SAMPLES, 11, 0, true, 0f, 1f);
        double[] d = toDouble(z);
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new NormalDistribution(0, 1), d);
        assertTrue(p > ALPHA, "Kolmogorov-Smirnov against N(0, 1): p = " + p);
        // Box-Muller gives the cosine and sine lanes; each must be normal on its own.
        double[] cos = new double[SAMPLES / 2];
        double[] sin = new double[SAMPLES / 2];
        for (int i = 0; i < SAMPLES / 2; i++) {
            cos[i] = d[2 * i];
            sin[i] = d[2 * i + 1];
        }
        assertTrue(new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new NormalDistribution(0, 1), cos) > ALPHA, "cosine lane");
        assertTrue(new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new NormalDistribution(0, 1), sin) > ALPHA, "sine lane");

        // Moments of N(0, 1): standard errors are 1/sqrt(n) (mean), sqrt(2/n) (variance), sqrt(6/n) (skewness)
        // and sqrt(24/n) (excess kurtosis); five of them bound a fluctuation.
        double n = SAMPLES;
        double mean = Arrays.stream(d).sum() / n;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (double v : d) {
            double c = v - mean;
            m2 += c * c;
            m3 += c * c * c;
            m4 += c * c * c * c;
        }
        m2 /= n;
        m3 /= n;
        m4 /= n;
        assertEquals(0, mean, 5 / Math.sqrt(n), "mean");
        assertEquals(1, m2, 5 * Math.sqrt(2 / n), "variance");
        assertEquals(0, m3 / Math.pow(m2, 1.5), 5 * Math.sqrt(6 / n), "skewness");
        assertEquals(0, m4 / (m2 * m2) - 3, 5 * Math.sqrt(24 / n), "excess kurtosis");
    }

    @Test
    void normalsAreScaledAndShifted() {
        float[] z = new float[64];
        float[] y = new float[64];
        Philox.fill(z, 0, 64, 3, 5, true, 0f, 1f);
        Philox.fill(y, 0, 64, 3, 5, true, 2f, 0.5f);
        for (int i = 0; i < 64; i++) {
            assertEquals(Math.fma(0.5f, z[i], 2f), y[i], "draw " + i);
        }
    }

    @Test
    void boxMullerLogMatchesTheLibraryLogarithm() {
        for (double u : new double[] {0x1p-32, 1e-9, 0.001, 0.25, 0.5, Math.sqrt(0.5), 0.7072, 0.99, 1.0 - 0x1p-32, 1.0}) {
            assertEquals(Math.log(u), Philox.log(u), 4 * Math.ulp(Math.log(u)) + 1e-300, "ln " + u);
        }
    }

    @ParameterizedTest(name = "normal={0}, first draw {1}")
    @CsvSource({
            "false, 0", "true, 0",
            "false, 1_000_003", "true, 1_000_003",
            "true, 17179869181",   // 2^34 - 3: the block counter crosses into its high word within the fill
    })
    void anySliceOfTheStreamEqualsTheMatchingPartOfALongerFill(boolean normal, String firstText) {
        long first = Long.parseLong(firstText.replace("_", ""));
        float[] whole = new float[64];
        Philox.fill(whole, 0, whole.length, 99, first, normal, 0f, 1f);
        for (int from = 0; from < 20; from++) {
            for (int len : new int[] {1, 2, 3, 5, 8, 13}) {
                float[] part = new float[len + 3];
                Philox.fill(part, 3, len, 99, first + from, normal, 0f, 1f);
                assertArrayEquals(Arrays.copyOfRange(whole, from, from + len), Arrays.copyOfRange(part, 3, 3 + len),
                        "draws " + (first + from) + " .. " + (first + from + len - 1));
            }
        }
    }

    @Test
    void seedsGiveDifferentStreams() {
        float[] a = new float[16];
        float[] b = new float[16];
        float[] c = new float[16];
        Philox.fill(a, 0, 16, 1, 0, false, 0f, 1f);
        Philox.fill(b, 0, 16, 2, 0, false, 0f, 1f);
        Philox.fill(c, 0, 16, 1 + (1L << 32), 0, false, 0f, 1f);
        assertFalse(Arrays.equals(a, b), "seeds 1 and 2");
        assertFalse(Arrays.equals(a, c), "seeds that differ only in the high word");
    }

    @Test
    void referenceBackendHoldsExactlyTheStream() {
        float[] expected = new float[30];
        Philox.fill(expected, 0, 30, 5, 6, true, 1f, 2f);
        Tensor t = Ops.normal(Backends.reference(), 5, 6, 1f, 2f, 5, 6);
        double[] held = t.toDoubleArray();
        for (int i = 0; i < 30; i++) {
            assertEquals((double) expected[i], held[i], "element " + i);
        }
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
