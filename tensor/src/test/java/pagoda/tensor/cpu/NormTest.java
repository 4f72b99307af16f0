package pagoda.tensor.cpu;

import static pagoda.tensor.cpu.Fixtures.assertNormalised;
import static pagoda.tensor.cpu.Fixtures.tensor;
import static pagoda.tensor.cpu.Fixtures.uniform;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import pagoda.tensor.NnOps;
import pagoda.tensor.Tensor;

/**
 * Group norm and softmax, forward and backward, against the textbook formulas evaluated in double. The
 * group-norm gradient is defined by the saved statistics it is given, so its reference uses them too.
 */
class NormTest {
    private static final CpuBackend CPU = new CpuBackend(2);
    private static final float EPS_NORM = 1e-5f;

    @AfterAll
    static void close() {
        CPU.close();
    }

    /** Per (n, g): mean and biased variance in double. */
    private static double[][] stats(float[] x, int n, int c, int s, int groups) {
        int m = c / groups * s;
        double[] mean = new double[n * groups];
        double[] var = new double[n * groups];
        for (int t = 0; t < n * groups; t++) {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                sum += x[t * m + i];
            }
            mean[t] = sum / m;
            double sq = 0;
            for (int i = 0; i < m; i++) {
                sq += (x[t * m + i] - mean[t]) * (x[t * m + i] - mean[t]);
            }
            var[t] = sq / m;
        }
        return new double[][] {mean, var};
    }

    private static void groupNormCase(float offset, int n, int c, int h, int w, int groups) {
        int s = h * w;
        float[] x = uniform(51, n * c * s, -1, 1);
        for (int i = 0; i < x.length; i++) {
            x[i] += offset;
        }
        float[] gamma = uniform(52, c, 0.5, 1.5);
        float[] beta = uniform(53, c, -0.5, 0.5);
        float[] dy = uniform(54, x.length, -1, 1);
        Tensor tx = tensor(CPU, x, n, c, h, w);
        Tensor tg = tensor(CPU, gamma, c);
        NnOps.GroupNormResult r = NnOps.groupNorm(tx, tg, tensor(CPU, beta, c), groups, EPS_NORM);
        NnOps.GroupNormGrads g = NnOps.groupNormBackward(tensor(CPU, dy, n, c, h, w), tx, tg, r.mean(), r.rstd(), groups, true);

        double[][] st = stats(x, n, c, s, groups);
        double[] savedMean = Fixtures.toDouble(r.mean().toFloatArray());
        double[] savedRstd = Fixtures.toDouble(r.rstd().toFloatArray());
        int cpg = c / groups;
        int m = cpg * s;
        double[] out = new double[x.length];
        double[] dx = new double[x.length];
        double[] dgamma = new double[c];
        double[] dbeta = new double[c];
        double[] rstd = new double[n * groups];
        for (int t = 0; t < n * groups; t++) {
            rstd[t] = 1 / Math.sqrt(st[1][t] + EPS_NORM);
            double m1 = 0;
            double m2 = 0;
            for (int i = 0; i < m; i++) {
                int e = t * m + i;
                int ch = (t % groups) * cpg + i / s;
                out[e] = (x[e] - st[0][t]) * rstd[t] * gamma[ch] + beta[ch];
                double xhat = (x[e] - savedMean[t]) * savedRstd[t];
                m1 += dy[e] * gamma[ch];
                m2 += dy[e] * gamma[ch] * xhat;
                dgamma[ch] += dy[e] * xhat;
                dbeta[ch] += dy[e];
            }
            m1 /= m;
            m2 /= m;
            for (int i = 0; i < m; i++) {
                int e = t * m + i;
                int ch = (t % groups) * cpg + i / s;
                double xhat = (x[e] - savedMean[t]) * savedRstd[t];
                dx[e] = savedRstd[t] * (dy[e] * gamma[ch] - m1 - xhat * m2);
            }
        }
        String what = "groupNorm offset " + offset + " ";
        double f = 4 + Math.log(m) / Math.log(2);
        assertNormalised(what + "out", out, r.out().toFloatArray(), f);
        double spread = 0;
        for (double v : st[1]) {
            spread = Math.max(spread, Math.sqrt(v));
        }
        Fixtures.assertClose(what + "mean (error on the scale of the spread)", st[0], r.mean().toFloatArray(),
                Fixtures.EPS, 4 * Fixtures.EPS * spread);
        assertNormalised(what + "rstd", rstd, r.rstd().toFloatArray(), f);
        assertNormalised(what + "dx", dx, g.dx().toFloatArray(), f);
        assertNormalised(what + "dgamma", dgamma, g.dgamma().toFloatArray(), f + Math.log(n) / Math.log(2));
        assertNormalised(what + "dbeta", dbeta, g.dbeta().toFloatArray(), f + Math.log(n) / Math.log(2));
    }

    @Test
    void groupNormMatchesDouble() {
        groupNormCase(0f, 3, 12, 7, 9, 4);
        groupNormCase(0f, 2, 64, 33, 35, 32);
    }

    /** A mean far from zero against a unit spread: the statistics must not cancel catastrophically. */
    @Test
    void groupNormIsRobustToALargeMean() {
        groupNormCase(300f, 2, 8, 16, 16, 2);
    }

    @Test
    void softmaxAndItsGradientMatchDouble() {
        int[][] shapes = {{7, 1_000}, {3, 5, 17}, {2, 9_000}, {4, 1}};
        for (int[] shape : shapes) {
            int len = shape[shape.length - 1];
            float[] x = uniform(61, Fixtures.numel(shape), -8, 8);
            float[] dy = uniform(62, x.length, -1, 1);
            Tensor y = NnOps.softmax(tensor(CPU, x, shape), -1);
            float[] yf = y.toFloatArray();
            float[] dx = NnOps.softmaxBackward(y, tensor(CPU, dy, shape), -1).toFloatArray();
            double[] want = new double[x.length];
            double[] wantDx = new double[x.length];
            for (int r = 0; r < x.length / len; r++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    max = Math.max(max, x[r * len + i]);
                }
                double sum = 0;
                for (int i = 0; i < len; i++) {
                    sum += Math.exp(x[r * len + i] - max);
                }
                double dot = 0;
                for (int i = 0; i < len; i++) {
                    want[r * len + i] = Math.exp(x[r * len + i] - max) / sum;
                    dot += (double) dy[r * len + i] * yf[r * len + i];
                }
                for (int i = 0; i < len; i++) {
                    wantDx[r * len + i] = yf[r * len + i] * (dy[r * len + i] - dot);
                }
            }
            String what = "softmax " + java.util.Arrays.toString(shape);
            Fixtures.assertClose(what, want, yf, 16 * Fixtures.EPS, 1e-9);
            assertNormalised(what + " backward", wantDx, dx, 8 + Math.log(len + 1));
        }
    }
}
