package pagoda.tensor.cpu;

import pagoda.tensor.Tensor;

/**
 * Batch normalisation (Ioffe and Szegedy 2015) forward and backward over x [N, C, *], one task per
 * channel: a channel is N contiguous spans of the spatial size, one per sample, read in sample order,
 * so results never depend on the thread count. The statistics and the gradient use the same corrected
 * two-pass algorithm and span kernels as group norm ({@link CpuNorm}), the spans of a channel taking the
 * place of the channels of a group: the mean from deviations to the channel's first element, the
 * variance around the float mean c with Chan, Golub and LeVeque's correction, and the output centred on
 * the double mean as the float pair c + cLow.
 */
final class CpuBatchNorm {
    private CpuBatchNorm() {
    }

    static void forward(WorkPool pool, Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd) {
        int[] s = x.shape();
        int batch = s[0];
        int channels = s[1];
        int spatial = (int) (x.numel() / ((long) batch * channels));
        long m = (long) batch * spatial;
        int stride = channels * spatial;
        float[] xd = CpuBackend.data(x);
        float[] od = CpuBackend.data(out);
        float[] md = CpuBackend.data(mean);
        float[] rd = CpuBackend.data(rstd);
        float[] gd = gamma == null ? null : CpuBackend.data(gamma);
        float[] bd = beta == null ? null : CpuBackend.data(beta);
        int xo = (int) x.offset();
        int oo = (int) out.offset();
        int mo = (int) mean.offset();
        int ro = (int) rstd.offset();
        int go = gamma == null ? 0 : (int) gamma.offset();
        int bo = beta == null ? 0 : (int) beta.offset();
        pool.run(channels, ch -> {
            int first = ch * spatial;
            float pilot = xd[xo + first];
            double shifted = 0;
            for (int n = 0; n < batch; n++) {
                shifted += Sums.sum(xd, xo + first + n * stride, spatial, pilot);
            }
            double exact = pilot + shifted / m;
            float c = (float) exact;
            float cLow = (float) (exact - c);
            double d = shifted + m * ((double) pilot - c);
            double squares = 0;
            for (int n = 0; n < batch; n++) {
                squares += Sums.sumSquares(xd, xo + first + n * stride, spatial, c);
            }
            double var = Math.max(0.0, squares - d * d / m) / m;
            float r = (float) (1.0 / Math.sqrt(var + eps));
            md[mo + ch] = c;
            rd[ro + ch] = r;
            float scale = gd == null ? r : r * gd[go + ch];
            float shift = bd == null ? 0f : bd[bo + ch];
            for (int n = 0; n < batch; n++) {
                int off = first + n * stride;
                CpuNorm.normalize(xd, xo + off, od, oo + off, spatial, c, cLow, scale, shift);
            }
        });
    }

    /**
     * With xhat = (x - c) rstd over a channel's M elements, the sums A = sum dy and B = sum dy (x - c)
     * give {@code dx = rstd gamma dy - rstd gamma A / M - (x - c) rstd^3 gamma B / M}, dgamma = rstd B and
     * dbeta = A.
     */
    static void backward(WorkPool pool, Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                         Tensor dx, Tensor dgamma, Tensor dbeta) {
        int[] s = x.shape();
        int batch = s[0];
        int channels = s[1];
        int spatial = (int) (x.numel() / ((long) batch * channels));
        long m = (long) batch * spatial;
        int stride = channels * spatial;
        float[] dyd = CpuBackend.data(dy);
        float[] xd = CpuBackend.data(x);
        float[] dxd = CpuBackend.data(dx);
        float[] md = CpuBackend.data(mean);
        float[] rd = CpuBackend.data(rstd);
        float[] gd = gamma == null ? null : CpuBackend.data(gamma);
        float[] dgd = dgamma == null ? null : CpuBackend.data(dgamma);
        float[] dbd = dbeta == null ? null : CpuBackend.data(dbeta);
        int dyo = (int) dy.offset();
        int xo = (int) x.offset();
        int dxo = (int) dx.offset();
        int mo = (int) mean.offset();
        int ro = (int) rstd.offset();
        int go = gamma == null ? 0 : (int) gamma.offset();
        int dgo = dgamma == null ? 0 : (int) dgamma.offset();
        int dbo = dbeta == null ? 0 : (int) dbeta.offset();
        pool.run(channels, ch -> {
            int first = ch * spatial;
            float c = md[mo + ch];
            float r = rd[ro + ch];
            double a = 0;
            double b = 0;
            for (int n = 0; n < batch; n++) {
                int off = first + n * stride;
                a += Sums.sum(dyd, dyo + off, spatial);
                b += CpuNorm.centredDot(dyd, dyo + off, xd, xo + off, spatial, c);
            }
            double gm = gd == null ? 1.0 : gd[go + ch];
            float bx = (float) (-(double) r * r * r * gm * b / m);
            float b0 = (float) (-(double) r * gm * a / m);
            float scale = (float) (r * gm);
            for (int n = 0; n < batch; n++) {
                int off = first + n * stride;
                CpuNorm.gradient(dyd, dyo + off, xd, xo + off, dxd, dxo + off, spatial, c, scale, bx, b0);
            }
            if (dgd != null) {
                dgd[dgo + ch] = (float) (r * b);
            }
            if (dbd != null) {
                dbd[dbo + ch] = (float) a;
            }
        });
    }
}
