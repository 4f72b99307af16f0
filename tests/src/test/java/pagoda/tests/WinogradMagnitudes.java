package pagoda.tests;

import java.util.Arrays;

/**
 * The magnitude that the rounding error of a 3 x 3, stride-1 convolution computed by Winograd's F(2x2, 3x3)
 * scales with (Lavin and Gray, CVPR 2016): the algorithm {@code Y = A^T [sum_c (G g G^T) ⊙ (B^T d B)] A}
 * evaluated on |x| and |w| with every transform matrix replaced by its element-wise absolute value. Each
 * path from an input and a weight to an output passes at most 4 roundings in the filter transform, 2 in the
 * input transform, C in the channel sum and 4 in the output transform, so
 * {@code |out - exact| <= (C + 10) u magW} to first order (u = eps32 / 2). Because the transforms add
 * products of both signs, magW exceeds the direct method's sum|x||w| (by about 7 on random data), which is
 * why a backend that takes this algorithm needs its own bound rather than Higham's on C R S terms.
 */
final class WinogradMagnitudes {
    /** |G|, 4 x 3. */
    private static final double[][] G = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}, {0, 0, 1}};
    /** |B^T|, 4 x 4. */
    private static final double[][] BT = {{1, 0, 1, 0}, {0, 1, 1, 0}, {0, 1, 1, 0}, {0, 1, 0, 1}};
    /** |A^T|, 2 x 4. */
    private static final double[][] AT = {{1, 1, 1, 0}, {0, 1, 1, 1}};

    /** Roundings along one path, the channel sum's C aside. */
    static final int TRANSFORM_ROUNDINGS = 10;

    private WinogradMagnitudes() {
    }

    /**
     * magW [n, k, p, q] for x [n, c, h, w] and w [k, c, 3, 3] (both already absolute values, row-major) at
     * stride 1 and padding (padH, padW).
     */
    static double[] of(double[] x, int n, int c, int h, int w, double[] kernel, int k, int padH, int padW) {
        int p = h + 2 * padH - 2;
        int q = w + 2 * padW - 2;
        double[][] u = new double[k * c][];
        for (int kc = 0; kc < k * c; kc++) {
            u[kc] = filter(kernel, kc * 9);
        }
        double[] out = new double[n * k * p * q];
        double[] m = new double[16];
        double[][] v = new double[c][];
        for (int img = 0; img < n; img++) {
            for (int ty = 0; ty < p; ty += 2) {
                for (int tx = 0; tx < q; tx += 2) {
                    for (int ch = 0; ch < c; ch++) {
                        v[ch] = input(x, (img * c + ch) * h * w, h, w, ty - padH, tx - padW);
                    }
                    for (int oc = 0; oc < k; oc++) {
                        Arrays.fill(m, 0);
                        for (int ch = 0; ch < c; ch++) {
                            double[] uu = u[oc * c + ch];
                            for (int e = 0; e < 16; e++) {
                                m[e] += uu[e] * v[ch][e];
                            }
                        }
                        for (int i = 0; i < 2; i++) {
                            for (int j = 0; j < 2; j++) {
                                if (ty + i < p && tx + j < q) {
                                    out[((img * k + oc) * p + ty + i) * q + tx + j] = output(m, i, j);
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** |G| g |G^T| for the 3 x 3 kernel at g[at..at+9). */
    private static double[] filter(double[] g, int at) {
        double[] u = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        s += G[i][a] * g[at + 3 * a + b] * G[j][b];
                    }
                }
                u[4 * i + j] = s;
            }
        }
        return u;
    }

    /** |B^T| d |B| for the 4 x 4 window of the plane at (row0, col0), zero outside the plane. */
    private static double[] input(double[] x, int plane, int h, int w, int row0, int col0) {
        double[] v = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (int a = 0; a < 4; a++) {
                    for (int b = 0; b < 4; b++) {
                        int r = row0 + a;
                        int col = col0 + b;
                        if (r >= 0 && r < h && col >= 0 && col < w) {
                            s += BT[i][a] * x[plane + r * w + col] * BT[j][b];
                        }
                    }
                }
                v[4 * i + j] = s;
            }
        }
        return v;
    }

    /** Element (i, j) of |A^T| m |A|. */
    private static double output(double[] m, int i, int j) {
        double s = 0;
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                s += AT[i][a] * m[4 * a + b] * AT[j][b];
            }
        }
        return s;
    }
}
