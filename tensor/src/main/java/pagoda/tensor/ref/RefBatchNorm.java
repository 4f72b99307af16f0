package pagoda.tensor.ref;

import pagoda.tensor.Tensor;

/**
 * Batch normalisation in float64, forward and backward (Ioffe and Szegedy 2015, Algorithm 1; PyTorch's
 * batch_norm in training mode). Per channel c, over the M = N * positions elements of x [N, C, *]:
 * {@code mu}, the biased variance {@code var}, {@code rstd = 1/sqrt(var + eps)}, {@code xhat = (x - mu)
 * rstd} and {@code y = gamma[c] xhat + beta[c]}. With {@code g = gamma[c] dy} the gradient is
 * {@code dx = rstd (g - mean(g) - xhat mean(g xhat))}, {@code dgamma[c] = sum dy xhat}, {@code dbeta[c] =
 * sum dy}, sums and means over the channel's M elements.
 */
final class RefBatchNorm {
    private RefBatchNorm() {
    }

    static void forward(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd) {
        Channels ch = new Channels(x.shape());
        double[] xv = RefStorage.read(x);
        double[] gv = gamma == null ? null : RefStorage.read(gamma);
        double[] bv = beta == null ? null : RefStorage.read(beta);
        double[] ov = new double[xv.length];
        double[] mv = new double[ch.c];
        double[] rv = new double[ch.c];
        for (int c = 0; c < ch.c; c++) {
            double sum = 0.0;
            for (int n = 0; n < ch.n; n++) {
                for (int s = 0; s < ch.spatial; s++) {
                    sum += xv[ch.at(n, c, s)];
                }
            }
            double mu = sum / ch.m;
            double sq = 0.0;
            for (int n = 0; n < ch.n; n++) {
                for (int s = 0; s < ch.spatial; s++) {
                    double d = xv[ch.at(n, c, s)] - mu;
                    sq += d * d;
                }
            }
            double r = 1.0 / Math.sqrt(sq / ch.m + eps);
            double scale = gv == null ? 1.0 : gv[c];
            double shift = bv == null ? 0.0 : bv[c];
            for (int n = 0; n < ch.n; n++) {
                for (int s = 0; s < ch.spatial; s++) {
                    int at = ch.at(n, c, s);
                    ov[at] = (xv[at] - mu) * r * scale + shift;
                }
            }
            mv[c] = mu;
            rv[c] = r;
        }
        RefStorage.write(out, ov);
        RefStorage.write(mean, mv);
        RefStorage.write(rstd, rv);
    }

    static void backward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, Tensor dx, Tensor dgamma, Tensor dbeta) {
        Channels ch = new Channels(x.shape());
        double[] dyv = RefStorage.read(dy);
        double[] xv = RefStorage.read(x);
        double[] gv = gamma == null ? null : RefStorage.read(gamma);
        double[] mv = RefStorage.read(mean);
        double[] rv = RefStorage.read(rstd);
        double[] dxv = new double[xv.length];
        double[] dgv = new double[ch.c];
        double[] dbv = new double[ch.c];
        for (int c = 0; c < ch.c; c++) {
            double mu = mv[c];
            double r = rv[c];
            double scale = gv == null ? 1.0 : gv[c];
            double sumDy = 0.0;
            double sumDyXhat = 0.0;
            for (int n = 0; n < ch.n; n++) {
                for (int s = 0; s < ch.spatial; s++) {
                    int at = ch.at(n, c, s);
                    sumDy += dyv[at];
                    sumDyXhat += dyv[at] * (xv[at] - mu) * r;
                }
            }
            double meanG = scale * sumDy / ch.m;
            double meanGXhat = scale * sumDyXhat / ch.m;
            for (int n = 0; n < ch.n; n++) {
                for (int s = 0; s < ch.spatial; s++) {
                    int at = ch.at(n, c, s);
                    double xhat = (xv[at] - mu) * r;
                    dxv[at] = r * (scale * dyv[at] - meanG - xhat * meanGXhat);
                }
            }
            dgv[c] = sumDyXhat;
            dbv[c] = sumDy;
        }
        RefStorage.write(dx, dxv);
        if (dgamma != null) {
            RefStorage.write(dgamma, dgv);
        }
        if (dbeta != null) {
            RefStorage.write(dbeta, dbv);
        }
    }

    /** Row-major indexing of x [N, C, *] by sample, channel and flattened position. */
    private static final class Channels {
        final int n;
        final int c;
        final int spatial;
        final long m;

        Channels(int[] shape) {
            this.n = shape[0];
            this.c = shape[1];
            int s = 1;
            for (int d = 2; d < shape.length; d++) {
                s *= shape[d];
            }
            this.spatial = s;
            this.m = (long) n * s;
        }

        int at(int sample, int channel, int position) {
            return (sample * c + channel) * spatial + position;
        }
    }
}
