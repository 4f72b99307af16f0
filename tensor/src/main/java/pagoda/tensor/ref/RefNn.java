package pagoda.tensor.ref;

import pagoda.tensor.Tensor;

/**
 * Group normalisation, softmax and EDM's attention in float64, forward and backward.
 *
 * <p>Group norm (Wu and He 2018; PyTorch's group_norm): per sample n and group g, over the M = (C/G) *
 * spatial elements of the group, {@code mu} and the biased variance {@code var}, {@code rstd =
 * 1/sqrt(var + eps)}, {@code xhat = (x - mu) rstd}, {@code y = gamma[c] xhat + beta[c]}. Its gradient with
 * {@code g = gamma[c] dy} is {@code dx = rstd (g - mean(g) - xhat mean(g xhat))}, the means over the
 * group; {@code dgamma[c] = sum dy xhat}, {@code dbeta[c] = sum dy} over samples and positions.
 *
 * <p>Attention (NVlabs/edm training/networks.py, {@code AttentionOp} and the einsum after it): with
 * {@code s[b,i,j] = sum_c q[b,c,i] k[b,c,j] / sqrt(C)}, {@code w = softmax_j(s)} and {@code out[b,c,i] =
 * sum_j w[b,i,j] v[b,c,j]}, the chain rule gives {@code dv[b,c,j] = sum_i w[b,i,j] dout[b,c,i]},
 * {@code dw[b,i,j] = sum_c dout[b,c,i] v[b,c,j]}, {@code ds = w (dw - sum_j w dw)} (softmax backward),
 * {@code dq[b,c,i] = sum_j k[b,c,j] ds[b,i,j] / sqrt(C)} and {@code dk[b,c,j] = sum_i q[b,c,i] ds[b,i,j] / sqrt(C)}.
 */
final class RefNn {
    private RefNn() {
    }

    static void groupNorm(Tensor x, Tensor gamma, Tensor beta, int groups, float eps, Tensor out, Tensor mean, Tensor rstd) {
        Groups g = new Groups(x.shape(), groups);
        double[] xv = RefStorage.read(x);
        double[] gv = gamma == null ? null : RefStorage.read(gamma);
        double[] bv = beta == null ? null : RefStorage.read(beta);
        double[] ov = new double[xv.length];
        double[] mv = new double[g.n * groups];
        double[] rv = new double[g.n * groups];
        for (int n = 0; n < g.n; n++) {
            for (int gr = 0; gr < groups; gr++) {
                double sum = 0.0;
                for (int c = g.first(gr); c < g.first(gr + 1); c++) {
                    for (int s = 0; s < g.spatial; s++) {
                        sum += xv[g.at(n, c, s)];
                    }
                }
                double mu = sum / g.m;
                double sq = 0.0;
                for (int c = g.first(gr); c < g.first(gr + 1); c++) {
                    for (int s = 0; s < g.spatial; s++) {
                        double d = xv[g.at(n, c, s)] - mu;
                        sq += d * d;
                    }
                }
                double r = 1.0 / Math.sqrt(sq / g.m + eps);
                for (int c = g.first(gr); c < g.first(gr + 1); c++) {
                    double scale = gv == null ? 1.0 : gv[c];
                    double shift = bv == null ? 0.0 : bv[c];
                    for (int s = 0; s < g.spatial; s++) {
                        ov[g.at(n, c, s)] = (xv[g.at(n, c, s)] - mu) * r * scale + shift;
                    }
                }
                mv[n * groups + gr] = mu;
                rv[n * groups + gr] = r;
            }
        }
        RefStorage.write(out, ov);
        RefStorage.write(mean, mv);
        RefStorage.write(rstd, rv);
    }

    static void groupNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, int groups,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        Groups g = new Groups(x.shape(), groups);
        double[] dyv = RefStorage.read(dy);
        double[] xv = RefStorage.read(x);
        double[] gv = gamma == null ? null : RefStorage.read(gamma);
        double[] mv = RefStorage.read(mean);
        double[] rv = RefStorage.read(rstd);
        double[] dxv = new double[xv.length];
        double[] dgv = new double[g.c];
        double[] dbv = new double[g.c];
        for (int n = 0; n < g.n; n++) {
            for (int gr = 0; gr < groups; gr++) {
                double mu = mv[n * groups + gr];
                double r = rv[n * groups + gr];
                double sumG = 0.0;
                double sumGXhat = 0.0;
                for (int c = g.first(gr); c < g.first(gr + 1); c++) {
                    double scale = gv == null ? 1.0 : gv[c];
                    for (int s = 0; s < g.spatial; s++) {
                        int at = g.at(n, c, s);
                        double xhat = (xv[at] - mu) * r;
                        double gg = scale * dyv[at];
                        sumG += gg;
                        sumGXhat += gg * xhat;
                        dgv[c] += dyv[at] * xhat;
                        dbv[c] += dyv[at];
                    }
                }
                double meanG = sumG / g.m;
                double meanGXhat = sumGXhat / g.m;
                for (int c = g.first(gr); c < g.first(gr + 1); c++) {
                    double scale = gv == null ? 1.0 : gv[c];
                    for (int s = 0; s < g.spatial; s++) {
                        int at = g.at(n, c, s);
                        double xhat = (xv[at] - mu) * r;
                        dxv[at] = r * (scale * dyv[at] - meanG - xhat * meanGXhat);
                    }
                }
            }
        }
        RefStorage.write(dx, dxv);
        if (dgamma != null) {
            RefStorage.write(dgamma, dgv);
        }
        if (dbeta != null) {
            RefStorage.write(dbeta, dbv);
        }
    }

    /** {@code y = exp(x - max) / sum exp(x - max)} along the last axis; subtracting the max keeps exp finite. */
    static void softmax(Tensor x, Tensor out) {
        double[] v = RefStorage.read(x);
        int len = x.size(-1);
        for (int row = 0; row < v.length / Math.max(len, 1); row++) {
            softmaxRow(v, row * len, len);
        }
        RefStorage.write(out, v);
    }

    private static void softmaxRow(double[] v, int from, int len) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + len; i++) {
            max = Math.max(max, v[i]);
        }
        double sum = 0.0;
        for (int i = from; i < from + len; i++) {
            v[i] = Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = from; i < from + len; i++) {
            v[i] /= sum;
        }
    }

    /** {@code dx = y (dy - sum(dy y))} along the last axis: the Jacobian diag(y) - y y^T applied to dy. */
    static void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        double[] yv = RefStorage.read(y);
        double[] dv = RefStorage.read(dy);
        int len = y.size(-1);
        double[] out = new double[yv.length];
        for (int row = 0; row < yv.length / Math.max(len, 1); row++) {
            softmaxBackwardRow(yv, dv, out, row * len, len);
        }
        RefStorage.write(dx, out);
    }

    private static void softmaxBackwardRow(double[] y, double[] dy, double[] dx, int from, int len) {
        double dot = 0.0;
        for (int i = from; i < from + len; i++) {
            dot += dy[i] * y[i];
        }
        for (int i = from; i < from + len; i++) {
            dx[i] = y[i] * (dy[i] - dot);
        }
    }

    static void attention(Tensor q, Tensor k, Tensor v, Tensor out, Tensor weights) {
        int b = q.size(0);
        int ch = q.size(1);
        int lq = q.size(2);
        int lk = k.size(2);
        double[] qv = RefStorage.read(q);
        double[] kv = RefStorage.read(k);
        double[] vv = RefStorage.read(v);
        double scale = 1.0 / Math.sqrt(ch);
        double[] w = new double[b * lq * lk];
        for (int bb = 0; bb < b; bb++) {
            for (int i = 0; i < lq; i++) {
                for (int j = 0; j < lk; j++) {
                    double s = 0.0;
                    for (int c = 0; c < ch; c++) {
                        s += qv[(bb * ch + c) * lq + i] * kv[(bb * ch + c) * lk + j];
                    }
                    w[(bb * lq + i) * lk + j] = s * scale;
                }
                softmaxRow(w, (bb * lq + i) * lk, lk);
            }
        }
        double[] ov = new double[b * ch * lq];
        for (int bb = 0; bb < b; bb++) {
            for (int c = 0; c < ch; c++) {
                for (int i = 0; i < lq; i++) {
                    double s = 0.0;
                    for (int j = 0; j < lk; j++) {
                        s += w[(bb * lq + i) * lk + j] * vv[(bb * ch + c) * lk + j];
                    }
                    ov[(bb * ch + c) * lq + i] = s;
                }
            }
        }
        RefStorage.write(out, ov);
        RefStorage.write(weights, w);
    }

    static void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor weights, Tensor dout, Tensor dq, Tensor dk, Tensor dv) {
        int b = q.size(0);
        int ch = q.size(1);
        int lq = q.size(2);
        int lk = k.size(2);
        double[] qv = RefStorage.read(q);
        double[] kv = RefStorage.read(k);
        double[] vv = RefStorage.read(v);
        double[] w = RefStorage.read(weights);
        double[] dov = RefStorage.read(dout);
        double scale = 1.0 / Math.sqrt(ch);
        double[] dvv = new double[b * ch * lk];
        double[] dw = new double[b * lq * lk];
        for (int bb = 0; bb < b; bb++) {
            for (int c = 0; c < ch; c++) {
                for (int j = 0; j < lk; j++) {
                    double s = 0.0;
                    for (int i = 0; i < lq; i++) {
                        s += w[(bb * lq + i) * lk + j] * dov[(bb * ch + c) * lq + i];
                    }
                    dvv[(bb * ch + c) * lk + j] = s;
                }
            }
            for (int i = 0; i < lq; i++) {
                for (int j = 0; j < lk; j++) {
                    double s = 0.0;
                    for (int c = 0; c < ch; c++) {
                        s += dov[(bb * ch + c) * lq + i] * vv[(bb * ch + c) * lk + j];
                    }
                    dw[(bb * lq + i) * lk + j] = s;
                }
            }
        }
        double[] ds = new double[dw.length];
        for (int row = 0; row < b * lq; row++) {
            softmaxBackwardRow(w, dw, ds, row * lk, lk);
        }
        double[] dqv = new double[b * ch * lq];
        double[] dkv = new double[b * ch * lk];
        for (int bb = 0; bb < b; bb++) {
            for (int c = 0; c < ch; c++) {
                for (int i = 0; i < lq; i++) {
                    double s = 0.0;
                    for (int j = 0; j < lk; j++) {
                        s += kv[(bb * ch + c) * lk + j] * ds[(bb * lq + i) * lk + j];
                    }
                    dqv[(bb * ch + c) * lq + i] = s * scale;
                }
                for (int j = 0; j < lk; j++) {
                    double s = 0.0;
                    for (int i = 0; i < lq; i++) {
                        s += qv[(bb * ch + c) * lq + i] * ds[(bb * lq + i) * lk + j];
                    }
                    dkv[(bb * ch + c) * lk + j] = s * scale;
                }
            }
        }
        RefStorage.write(dq, dqv);
        RefStorage.write(dk, dkv);
        RefStorage.write(dv, dvv);
    }

    /** Layout of x [N, C, *] split into G groups of C/G consecutive channels. */
    private static final class Groups {
        final int n;
        final int c;
        final int spatial;
        final int perGroup;
        final double m;

        Groups(int[] shape, int groups) {
            n = shape[0];
            c = shape[1];
            int sp = 1;
            for (int d = 2; d < shape.length; d++) {
                sp *= shape[d];
            }
            spatial = sp;
            perGroup = c / groups;
            m = (double) perGroup * spatial;
        }

        /** The first channel of group g (and one past the last of group g - 1). */
        int first(int g) {
            return g * perGroup;
        }

        int at(int nn, int cc, int s) {
            return (nn * c + cc) * spatial + s;
        }
    }
}
