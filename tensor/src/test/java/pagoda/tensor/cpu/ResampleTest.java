package pagoda.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static pagoda.tensor.cpu.Fixtures.assertNormalised;
import static pagoda.tensor.cpu.Fixtures.tensor;
import static pagoda.tensor.cpu.Fixtures.uniform;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.AfterAll;
import pagoda.tensor.NnOps;
import pagoda.tensor.Tensor;

/**
 * firDown and firUp, fast path (k = 2, pad = 0) and general path, against their defining sums in double
 * on odd and even sizes, and firUp as the adjoint of firDown.
 */
class ResampleTest {
    private static final CpuBackend CPU = new CpuBackend(2);

    @AfterAll
    static void close() {
        CPU.close();
    }

    /** {name, filter, k, pad, gain}. */
    static Stream<Object[]> filters() {
        float[] edm = new float[16];
        float[] taps = {1, 3, 3, 1};
        for (int u = 0; u < 4; u++) {
            for (int v = 0; v < 4; v++) {
                edm[u * 4 + v] = taps[u] * taps[v] / 64f;
            }
        }
        return Stream.of(
                new Object[] {"EDM [1,1]", new float[] {0.25f, 0.25f, 0.25f, 0.25f}, 2, 0, 1f},
                new Object[] {"asymmetric 2x2 gain 4", new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 2, 0, 4f},
                new Object[] {"EDM [1,3,3,1] pad 1", edm, 4, 1, 1f},
                new Object[] {"3x3 pad 1", uniform(81, 9, -1, 1), 3, 1, 2f},
                new Object[] {"2x2 pad 1", new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 2, 1, 1f},
                new Object[] {"3x3 pad 0", uniform(84, 9, -1, 1), 3, 0, 1f},
                new Object[] {"4x4 pad 2", uniform(85, 16, -1, 1), 4, 2, 1f});
    }

    static Stream<Object[]> cases() {
        int[][] sizes = {{9, 13}, {16, 34}, {4, 4}, {33, 70}};
        return filters().flatMap(f -> Stream.of(sizes).map(s -> new Object[] {f[0], f[1], f[2], f[3], f[4], s[0], s[1]}));
    }

    @ParameterizedTest(name = "{0} {5}x{6}")
    @MethodSource("cases")
    void firDownAndFirUpMatchTheirSums(String name, float[] f, int k, int pad, float gain, int h, int w) {
        int n = 2;
        int c = 3;
        float[] x = uniform(82, n * c * h * w, -1, 1);
        Tensor tx = tensor(CPU, x, n, c, h, w);
        Tensor down = NnOps.firDown(tx, f, k, pad, gain);
        int oh = down.size(2);
        int ow = down.size(3);
        double[] want = new double[n * c * oh * ow];
        for (int p = 0; p < n * c; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double s = 0;
                    for (int u = 0; u < k; u++) {
                        for (int v = 0; v < k; v++) {
                            int r = 2 * i - pad + u;
                            int q = 2 * j - pad + v;
                            if (r >= 0 && r < h && q >= 0 && q < w) {
                                s += f[u * k + v] * x[(p * h + r) * w + q];
                            }
                        }
                    }
                    want[(p * oh + i) * ow + j] = gain * s;
                }
            }
        }
        assertNormalised(name + " firDown", want, down.toFloatArray(), 4 + k);

        float[] y = uniform(83, n * c * oh * ow, -1, 1);
        for (int extra = 0; extra <= 1; extra++) {
            int uh = 2 * oh - 2 * pad + k - 2 + extra;
            int uw = 2 * ow - 2 * pad + k - 2 + extra;
            if ((uh + 2 * pad - k) / 2 + 1 != oh || (uw + 2 * pad - k) / 2 + 1 != ow) {
                continue;
            }
            Tensor up = NnOps.firUp(tensor(CPU, y, n, c, oh, ow), f, k, pad, gain, uh, uw);
            double[] wantUp = new double[n * c * uh * uw];
            for (int p = 0; p < n * c; p++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                int r = 2 * i - pad + u;
                                int q = 2 * j - pad + v;
                                if (r >= 0 && r < uh && q >= 0 && q < uw) {
                                    wantUp[(p * uh + r) * uw + q] += gain * f[u * k + v] * y[(p * oh + i) * ow + j];
                                }
                            }
                        }
                    }
                }
            }
            assertNormalised(name + " firUp to " + uh + "x" + uw, wantUp, up.toFloatArray(), 4 + k);
            if (uh == h && uw == w) {
                double lhs = dot(down.toFloatArray(), y);
                double rhs = dot(x, up.toFloatArray());
                assertTrue(Math.abs(lhs - rhs) <= 1e-5 * (Math.abs(lhs) + 1), name + ": <down x, y> = " + lhs
                        + " but <x, up y> = " + rhs);
            }
        }
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
