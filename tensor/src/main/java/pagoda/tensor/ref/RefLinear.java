package pagoda.tensor.ref;

import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/**
 * Batched matrix products and 2-D convolution (PyTorch's conv2d: cross-correlation, dilation 1, one
 * group) in float64, as the direct sums of their definitions. The two convolution gradients are the
 * forward loop nest with the roles of output and operand exchanged, so each is visibly the adjoint of
 * the forward sum {@code y[n,k,p,q] = sum_{c,r,s} x[n, c, p*sh - ph + r, q*sw - pw + s] w[k,c,r,s]}.
 */
final class RefLinear {
    private RefLinear() {
    }

    /** {@code c[i] = alpha * a[i] @ b[i] + beta * c[i]}; with beta == 0 the old c is never read. */
    static void matmul(Tensor a, Tensor b, float alpha, float beta, Tensor c) {
        int batch = a.size(0);
        int m = a.size(1);
        int kk = a.size(2);
        int n = b.size(2);
        double[] av = RefStorage.read(a);
        double[] bv = RefStorage.read(b);
        double[] old = beta == 0 ? null : RefStorage.read(c);
        double[] cv = new double[batch * m * n];
        for (int i = 0; i < batch; i++) {
            for (int r = 0; r < m; r++) {
                for (int col = 0; col < n; col++) {
                    double s = 0.0;
                    for (int k = 0; k < kk; k++) {
                        s += av[(i * m + r) * kk + k] * bv[(i * kk + k) * n + col];
                    }
                    int at = (i * m + r) * n + col;
                    cv[at] = old == null ? alpha * s : alpha * s + beta * old[at];
                }
            }
        }
        RefStorage.write(c, cv);
    }

    /** {@code out = act(conv(x, w) + bias)}, act applied as {@code unary(act, actP0, 0)}. */
    static void conv2d(Tensor x, Tensor w, Tensor bias, Conv2dSpec spec, UnaryOp act, float actP0, Tensor out) {
        Geometry g = new Geometry(x.shape(), w.shape(), out.shape(), spec);
        double[] xv = RefStorage.read(x);
        double[] wv = RefStorage.read(w);
        double[] bv = bias == null ? null : RefStorage.read(bias);
        double[] ov = new double[g.n * g.k * g.p * g.q];
        for (int n = 0; n < g.n; n++) {
            for (int k = 0; k < g.k; k++) {
                for (int p = 0; p < g.p; p++) {
                    for (int q = 0; q < g.q; q++) {
                        double s = bv == null ? 0.0 : bv[k];
                        for (int c = 0; c < g.c; c++) {
                            for (int r = 0; r < g.r; r++) {
                                for (int t = 0; t < g.s; t++) {
                                    int ih = g.row(p, r);
                                    int iw = g.col(q, t);
                                    if (g.inside(ih, iw)) {
                                        s += xv[g.xAt(n, c, ih, iw)] * wv[g.wAt(k, c, r, t)];
                                    }
                                }
                            }
                        }
                        ov[g.yAt(n, k, p, q)] = act == null ? s : RefElementwise.apply(act, s, actP0, 0.0);
                    }
                }
            }
        }
        RefStorage.write(out, ov);
    }

    /** {@code dx[n, c, p*sh - ph + r, q*sw - pw + s] += dy[n,k,p,q] w[k,c,r,s]}. */
    static void backwardData(Tensor dy, Tensor w, Conv2dSpec spec, Tensor dx) {
        Geometry g = new Geometry(dx.shape(), w.shape(), dy.shape(), spec);
        double[] dyv = RefStorage.read(dy);
        double[] wv = RefStorage.read(w);
        double[] dxv = new double[g.n * g.c * g.h * g.w];
        for (int n = 0; n < g.n; n++) {
            for (int k = 0; k < g.k; k++) {
                for (int p = 0; p < g.p; p++) {
                    for (int q = 0; q < g.q; q++) {
                        double d = dyv[g.yAt(n, k, p, q)];
                        for (int c = 0; c < g.c; c++) {
                            for (int r = 0; r < g.r; r++) {
                                for (int t = 0; t < g.s; t++) {
                                    int ih = g.row(p, r);
                                    int iw = g.col(q, t);
                                    if (g.inside(ih, iw)) {
                                        dxv[g.xAt(n, c, ih, iw)] += d * wv[g.wAt(k, c, r, t)];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        RefStorage.write(dx, dxv);
    }

    /** {@code dw[k,c,r,s] = sum_{n,p,q} dy[n,k,p,q] x[n, c, p*sh - ph + r, q*sw - pw + s]}. */
    static void backwardWeight(Tensor dy, Tensor x, Conv2dSpec spec, Tensor dw) {
        Geometry g = new Geometry(x.shape(), dw.shape(), dy.shape(), spec);
        double[] dyv = RefStorage.read(dy);
        double[] xv = RefStorage.read(x);
        double[] dwv = new double[g.k * g.c * g.r * g.s];
        for (int n = 0; n < g.n; n++) {
            for (int k = 0; k < g.k; k++) {
                for (int p = 0; p < g.p; p++) {
                    for (int q = 0; q < g.q; q++) {
                        double d = dyv[g.yAt(n, k, p, q)];
                        for (int c = 0; c < g.c; c++) {
                            for (int r = 0; r < g.r; r++) {
                                for (int t = 0; t < g.s; t++) {
                                    int ih = g.row(p, r);
                                    int iw = g.col(q, t);
                                    if (g.inside(ih, iw)) {
                                        dwv[g.wAt(k, c, r, t)] += d * xv[g.xAt(n, c, ih, iw)];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        RefStorage.write(dw, dwv);
    }

    /** Sizes of x [N, C, H, W], w [K, C, R, S], y [N, K, P, Q] and the row-major index of each. */
    private static final class Geometry {
        final int n;
        final int c;
        final int h;
        final int w;
        final int k;
        final int r;
        final int s;
        final int p;
        final int q;
        final Conv2dSpec spec;

        Geometry(int[] xs, int[] ws, int[] ys, Conv2dSpec spec) {
            n = xs[0];
            c = xs[1];
            h = xs[2];
            w = xs[3];
            k = ws[0];
            r = ws[2];
            s = ws[3];
            p = ys[2];
            q = ys[3];
            this.spec = spec;
        }

        /** The input row that output row {@code pp} reads through kernel row {@code rr}. */
        int row(int pp, int rr) {
            return pp * spec.strideH() - spec.padH() + rr;
        }

        int col(int qq, int tt) {
            return qq * spec.strideW() - spec.padW() + tt;
        }

        /** False in the zero padding. */
        boolean inside(int hh, int ww) {
            return hh >= 0 && hh < h && ww >= 0 && ww < w;
        }

        int xAt(int nn, int cc, int hh, int ww) {
            return ((nn * c + cc) * h + hh) * w + ww;
        }

        int wAt(int kk, int cc, int rr, int tt) {
            return ((kk * c + cc) * r + rr) * s + tt;
        }

        int yAt(int nn, int kk, int pp, int qq) {
            return ((nn * k + kk) * p + pp) * q + qq;
        }
    }
}
