package pagoda.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static pagoda.tensor.cpu.Fixtures.assertNormalised;
import static pagoda.tensor.cpu.Fixtures.tensor;
import static pagoda.tensor.cpu.Fixtures.uniform;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pagoda.tensor.NnOps;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;

/**
 * Resize against the separable PIL formula evaluated in double as a full 2-D sum (no pass order), for
 * shrinking, growing and mixed sizes with every filter, and resizeBackward as its adjoint.
 */
class ResizeTest {
    private static final CpuBackend CPU = new CpuBackend(2);

    @AfterAll
    static void close() {
        CPU.close();
    }

    /** The tap matrix of one axis, [out][in], straight from the formula. */
    static double[][] taps(ResizeFilter f, boolean antialias, int in, int out) {
        double scale = (double) in / out;
        double stretch = antialias && scale > 1 ? scale : 1;
        double support = f.support() * stretch;
        double[][] m = new double[out][in];
        for (int i = 0; i < out; i++) {
            double centre = (i + 0.5) * scale;
            int lo = (int) Math.max(0, Math.floor(centre - support + 0.5));
            int hi = (int) Math.min(in, Math.floor(centre + support + 0.5));
            double total = 0;
            for (int j = lo; j < hi; j++) {
                m[i][j] = f.weight((j + 0.5 - centre) / stretch);
                total += m[i][j];
            }
            for (int j = lo; j < hi && total != 0; j++) {
                m[i][j] /= total;
            }
        }
        return m;
    }

    static Stream<Object[]> cases() {
        int[][] sizes = {{13, 17, 5, 7}, {13, 17, 29, 31}, {13, 17, 13, 9}, {13, 17, 40, 17}, {64, 48, 16, 16}, {8, 8, 8, 8}};
        return Stream.of(ResizeFilter.values()).flatMap(f -> Stream.of(true, false)
                .flatMap(aa -> Stream.of(sizes).map(s -> new Object[] {f, aa, s[0], s[1], s[2], s[3]})));
    }

    @ParameterizedTest(name = "{0} antialias {1} {2}x{3} to {4}x{5}")
    @MethodSource("cases")
    void resizeMatchesFormulaAndBackwardIsItsAdjoint(ResizeFilter f, boolean aa, int h, int w, int oh, int ow) {
        int planes = 3;
        float[] x = uniform(91, planes * h * w, -1, 1);
        Tensor out = NnOps.resize(tensor(CPU, x, 1, planes, h, w), oh, ow, f, aa);
        double[][] th = taps(f, aa, h, oh);
        double[][] tw = taps(f, aa, w, ow);
        double[] want = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double s = 0;
                    for (int a = 0; a < h; a++) {
                        for (int b = 0; b < w; b++) {
                            s += th[i][a] * tw[j][b] * x[(p * h + a) * w + b];
                        }
                    }
                    want[(p * oh + i) * ow + j] = s;
                }
            }
        }
        String what = f + (aa ? " antialiased " : " ") + h + "x" + w + " to " + oh + "x" + ow;
        double tol = 8 + Math.log(h * w) / Math.log(2);
        assertNormalised(what, want, out.toFloatArray(), tol);

        float[] dy = uniform(92, planes * oh * ow, -1, 1);
        Tensor dx = NnOps.resizeBackward(tensor(CPU, dy, 1, planes, oh, ow), new int[] {1, planes, h, w}, f, aa);
        double[] wantDx = new double[x.length];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int a = 0; a < h; a++) {
                        for (int b = 0; b < w; b++) {
                            wantDx[(p * h + a) * w + b] += th[i][a] * tw[j][b] * dy[(p * oh + i) * ow + j];
                        }
                    }
                }
            }
        }
        assertNormalised(what + " backward", wantDx, dx.toFloatArray(), 8 + Math.log(oh * ow) / Math.log(2));
        double lhs = ResampleTest.dot(out.toFloatArray(), dy);
        double rhs = ResampleTest.dot(x, dx.toFloatArray());
        assertTrue(Math.abs(lhs - rhs) <= 1e-5 * (Math.abs(lhs) + 1), what + ": <resize x, y> = " + lhs
                + " but <x, resizeBackward y> = " + rhs);
    }
}
