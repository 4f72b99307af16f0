package pagoda.tensor.cpu;

import static pagoda.tensor.cpu.Fixtures.assertNormalised;
import static pagoda.tensor.cpu.Fixtures.tensor;
import static pagoda.tensor.cpu.Fixtures.uniform;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import pagoda.tensor.NnOps;
import pagoda.tensor.Tensor;

/** EDM attention forward and backward against the einsum definitions evaluated in double. */
class AttentionTest {
    private static final CpuBackend CPU = new CpuBackend(2);

    @AfterAll
    static void close() {
        CPU.close();
    }

    @Test
    void forwardAndBackwardMatchDouble() {
        int b = 2;
        int c = 8;
        int lq = 13;
        int lk = 19;
        float[] q = uniform(71, b * c * lq, -2, 2);
        float[] k = uniform(72, b * c * lk, -2, 2);
        float[] v = uniform(73, b * c * lk, -1, 1);
        float[] dout = uniform(74, b * c * lq, -1, 1);
        Tensor tq = tensor(CPU, q, b, c, lq);
        Tensor tk = tensor(CPU, k, b, c, lk);
        Tensor tv = tensor(CPU, v, b, c, lk);
        NnOps.AttentionResult r = NnOps.attention(tq, tk, tv);
        NnOps.AttentionGrads g = NnOps.attentionBackward(tq, tk, tv, r.weights(), tensor(CPU, dout, b, c, lq));

        double alpha = 1 / Math.sqrt(c);
        double[] w = new double[b * lq * lk];
        double[] out = new double[b * c * lq];
        double[] dq = new double[q.length];
        double[] dk = new double[k.length];
        double[] dv = new double[v.length];
        for (int n = 0; n < b; n++) {
            for (int i = 0; i < lq; i++) {
                double[] s = new double[lk];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < lk; j++) {
                    for (int ch = 0; ch < c; ch++) {
                        s[j] += alpha * q[(n * c + ch) * lq + i] * k[(n * c + ch) * lk + j];
                    }
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j < lk; j++) {
                    sum += Math.exp(s[j] - max);
                }
                double[] dw = new double[lk];
                double dot = 0;
                for (int j = 0; j < lk; j++) {
                    double wij = Math.exp(s[j] - max) / sum;
                    w[(n * lq + i) * lk + j] = wij;
                    for (int ch = 0; ch < c; ch++) {
                        out[(n * c + ch) * lq + i] += wij * v[(n * c + ch) * lk + j];
                        dw[j] += dout[(n * c + ch) * lq + i] * v[(n * c + ch) * lk + j];
                        dv[(n * c + ch) * lk + j] += dout[(n * c + ch) * lq + i] * wij;
                    }
                    dot += dw[j] * wij;
                }
                for (int j = 0; j < lk; j++) {
                    double ds = w[(n * lq + i) * lk + j] * (dw[j] - dot);
                    for (int ch = 0; ch < c; ch++) {
                        dq[(n * c + ch) * lq + i] += alpha * ds * k[(n * c + ch) * lk + j];
                        dk[(n * c + ch) * lk + j] += alpha * ds * q[(n * c + ch) * lq + i];
                    }
                }
            }
        }
        double f = 8 + Math.log(Math.max(c, Math.max(lq, lk)));
        assertNormalised("attention weights", w, r.weights().toFloatArray(), f);
        assertNormalised("attention out", out, r.out().toFloatArray(), f);
        assertNormalised("attention dq", dq, g.dq().toFloatArray(), 2 * f);
        assertNormalised("attention dk", dk, g.dk().toFloatArray(), 2 * f);
        assertNormalised("attention dv", dv, g.dv().toFloatArray(), f);
    }
}
