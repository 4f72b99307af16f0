package pagoda.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.ResizeTaps;

/** The resize kernels' tables hold exactly the taps of ResizeTaps: the inverted ones are the transpose of the forward ones. */
class TapTablesTest {

    /** Dense matrix of the axis map, out x in, from the forward tables. */
    private static double[][] forward(TapTables.Forward f, int in) {
        double[][] m = new double[f.start().length][in];
        for (int i = 0; i < m.length; i++) {
            for (int t = 0; t < f.count()[i]; t++) {
                m[i][f.start()[i] + t] += f.weights()[i * f.maxTaps() + t];
            }
        }
        return m;
    }

    private static double[][] inverse(TapTables.Inverse v, int out) {
        int in = v.first().length - 1;
        double[][] m = new double[out][in];
        for (int p = 0; p < in; p++) {
            for (int e = v.first()[p]; e < v.first()[p + 1]; e++) {
                m[v.output()[e]][p] += v.weight()[e];
            }
        }
        return m;
    }

    @Test
    void inverseIsTheTransposeOfForward() {
        int[][] sizes = {{7, 3}, {3, 7}, {16, 16}, {64, 17}, {1, 5}, {5, 1}};
        for (ResizeFilter filter : ResizeFilter.values()) {
            for (boolean aa : new boolean[] {true, false}) {
                for (int[] s : sizes) {
                    ResizeTaps taps = ResizeTaps.of(s[0], s[1], filter, aa);
                    double[][] f = forward(TapTables.forward(taps), s[0]);
                    double[][] g = inverse(TapTables.inverse(taps), s[1]);
                    for (int i = 0; i < s[1]; i++) {
                        for (int j = 0; j < s[0]; j++) {
                            assertEquals(f[i][j], g[i][j], 0.0, filter + " aa=" + aa + " " + s[0] + "->" + s[1] + " at " + i + "," + j);
                            double want = 0;
                            for (int t = 0; t < taps.size(i); t++) {
                                if (taps.start(i) + t == j) {
                                    want += (float) taps.weight(i, t);
                                }
                            }
                            assertEquals(want, f[i][j], 0.0, "forward table at " + i + "," + j);
                        }
                    }
                }
            }
        }
    }
}
