package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import pagoda.tensor.Tensor;

/**
 * Group normalisation (Wu and He 2018) forward and backward, and the entry points of softmax
 * ({@link Softmax}).
 *
 * <p>One task per (sample, group): its C/G channels times the spatial size are one contiguous span, so
 * the statistics, the normalisation and the gradient of a group are computed by one task while the
 * span is in cache. Statistics are two-pass through {@link Sums}, accumulated in double: the mean from
 * deviations to the group's first element k (shifted data), then
 * {@code var = (sum (x - c)^2 - (sum (x - c))^2 / M) / M} around the float mean c, with
 * {@code sum (x - c) = sum (x - k) + M (k - c)} (the corrected two-pass algorithm of Chan, Golub and
 * LeVeque), robust when |mean| is large against the standard deviation. The output subtracts the double
 * mean as the float pair c + cLow, {@code out = ((x - c) - cLow) rstd gamma + beta}, so it keeps its
 * accuracy too; the backward pass, given only the saved float mean, centres on it.
 */
final class CpuNorm {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int LANES = Simd.LANES;

    private CpuNorm() {
    }

    static void groupNorm(WorkPool pool, Tensor x, Tensor gamma, Tensor beta, int groups, float eps,
                          Tensor out, Tensor mean, Tensor rstd) {
        int[] s = x.shape();
        int channels = s[1];
        int spatial = (int) (x.numel() / ((long) s[0] * channels));
        int perGroup = channels / groups;
        int m = perGroup * spatial;
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
        pool.run(s[0] * groups, t -> {
            int g = t % groups;
            int base = t * m;
            float pilot = xd[xo + base];
            double shifted = Sums.sum(xd, xo + base, m, pilot);
            double exact = pilot + shifted / m;
            float c = (float) exact;
            float cLow = (float) (exact - c);
            double d = shifted + m * ((double) pilot - c);
            double var = Math.max(0.0, Sums.sumSquares(xd, xo + base, m, c) - d * d / m) / m;
            float r = (float) (1.0 / Math.sqrt(var + eps));
            md[mo + t] = c;
            rd[ro + t] = r;
            for (int k = 0; k < perGroup; k++) {
                int ch = g * perGroup + k;
                float scale = gd == null ? r : r * gd[go + ch];
                float shift = bd == null ? 0f : bd[bo + ch];
                int off = base + k * spatial;
                normalize(xd, xo + off, od, oo + off, spatial, c, cLow, scale, shift);
            }
        });
    }

    /** out = ((x - c) - cLow) scale + shift over one channel; x - c is exact near the mean. */
    static void normalize(float[] x, int xo, float[] out, int oo, int n, float c, float cLow, float scale, float shift) {
        FloatVector vs = FloatVector.broadcast(F, scale);
        FloatVector vb = FloatVector.broadcast(F, shift);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(F, x, xo + i).sub(c).sub(cLow).fma(vs, vb).intoArray(out, oo + i);
        }
        if (i < n) {
            VectorMask<Float> msk = F.indexInRange(i, n);
            FloatVector.fromArray(F, x, xo + i, msk).sub(c).sub(cLow).fma(vs, vb).intoArray(out, oo + i, msk);
        }
    }

    /**
     * With xhat = (x - c) rstd and M elements per group, per channel sums A = sum dy and
     * B = sum dy (x - c) give m1 = sum_c gamma A / M and m2 = rstd sum_c gamma B / M, and
     * {@code dx = rstd gamma dy - rstd m1 - (x - c) rstd^2 m2}; dgamma = sum_n rstd B, dbeta = sum_n A,
     * combined over samples in sample order after the parallel pass.
     */
    static void groupNormBackward(WorkPool pool, Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                                  int groups, Tensor dx, Tensor dgamma, Tensor dbeta) {
        int[] s = x.shape();
        int batch = s[0];
        int channels = s[1];
        int spatial = (int) (x.numel() / ((long) batch * channels));
        int perGroup = channels / groups;
        int m = perGroup * spatial;
        float[] dyd = CpuBackend.data(dy);
        float[] xd = CpuBackend.data(x);
        float[] dxd = CpuBackend.data(dx);
        float[] md = CpuBackend.data(mean);
        float[] rd = CpuBackend.data(rstd);
        float[] gd = gamma == null ? null : CpuBackend.data(gamma);
        int dyo = (int) dy.offset();
        int xo = (int) x.offset();
        int dxo = (int) dx.offset();
        int mo = (int) mean.offset();
        int ro = (int) rstd.offset();
        int go = gamma == null ? 0 : (int) gamma.offset();
        double[] sumDy = new double[batch * channels];
        double[] sumDyXhat = new double[batch * channels];
        pool.run(batch * groups, t -> {
            int n = t / groups;
            int g = t % groups;
            int base = t * m;
            float c = md[mo + t];
            float r = rd[ro + t];
            double m1 = 0;
            double m2 = 0;
            for (int k = 0; k < perGroup; k++) {
                int ch = g * perGroup + k;
                int off = base + k * spatial;
                double a = Sums.sum(dyd, dyo + off, spatial);
                double b = centredDot(dyd, dyo + off, xd, xo + off, spatial, c);
                double gm = gd == null ? 1.0 : gd[go + ch];
                m1 += gm * a;
                m2 += gm * b;
                sumDy[n * channels + ch] = a;
                sumDyXhat[n * channels + ch] = b * r;
            }
            m1 /= m;
            m2 = m2 * r / m;
            float bx = (float) (-(double) r * r * m2);
            float b0 = (float) (-(double) r * m1);
            for (int k = 0; k < perGroup; k++) {
                int ch = g * perGroup + k;
                float a = gd == null ? r : r * gd[go + ch];
                int off = base + k * spatial;
                gradient(dyd, dyo + off, xd, xo + off, dxd, dxo + off, spatial, c, a, bx, b0);
            }
        });
        if (dgamma != null) {
            sumOverBatch(sumDyXhat, batch, channels, CpuBackend.data(dgamma), (int) dgamma.offset());
        }
        if (dbeta != null) {
            sumOverBatch(sumDy, batch, channels, CpuBackend.data(dbeta), (int) dbeta.offset());
        }
    }

    /** sum of dy[i] (x[i] - c), blocked as in {@link Sums}. */
    static double centredDot(float[] dy, int dyo, float[] x, int xo, int n, float c) {
        double total = 0;
        for (int b = 0; b < n; b += Sums.BLOCK) {
            int len = Math.min(Sums.BLOCK, n - b);
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = s0;
            int i = 0;
            for (int bound = len - len % (2 * LANES); i < bound; i += 2 * LANES) {
                int p = b + i;
                s0 = FloatVector.fromArray(F, x, xo + p).sub(c).fma(FloatVector.fromArray(F, dy, dyo + p), s0);
                s1 = FloatVector.fromArray(F, x, xo + p + LANES).sub(c).fma(FloatVector.fromArray(F, dy, dyo + p + LANES), s1);
            }
            for (; i < len; i += LANES) {
                VectorMask<Float> msk = F.indexInRange(i, len);
                int p = b + i;
                s0 = FloatVector.fromArray(F, x, xo + p, msk).sub(c)
                        .fma(FloatVector.fromArray(F, dy, dyo + p, msk), s0);
            }
            FloatVector s = s0.add(s1);
            for (int l = 0; l < LANES; l++) {
                total += s.lane(l);
            }
        }
        return total;
    }

    /** dx = dy a + ((x - c) bx + b0) over one channel. */
    static void gradient(float[] dy, int dyo, float[] x, int xo, float[] dx, int dxo, int n,
                                 float c, float a, float bx, float b0) {
        FloatVector va = FloatVector.broadcast(F, a);
        FloatVector vbx = FloatVector.broadcast(F, bx);
        FloatVector vb0 = FloatVector.broadcast(F, b0);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            FloatVector rest = FloatVector.fromArray(F, x, xo + i).sub(c).fma(vbx, vb0);
            FloatVector.fromArray(F, dy, dyo + i).fma(va, rest).intoArray(dx, dxo + i);
        }
        if (i < n) {
            VectorMask<Float> msk = F.indexInRange(i, n);
            FloatVector rest = FloatVector.fromArray(F, x, xo + i, msk).sub(c).fma(vbx, vb0);
            FloatVector.fromArray(F, dy, dyo + i, msk).fma(va, rest).intoArray(dx, dxo + i, msk);
        }
    }

    private static void sumOverBatch(double[] perSample, int batch, int channels, float[] out, int oo) {
        for (int ch = 0; ch < channels; ch++) {
            double v = 0;
            for (int n = 0; n < batch; n++) {
                v += perSample[n * channels + ch];
            }
            out[oo + ch] = (float) v;
        }
    }

    static void softmax(WorkPool pool, Tensor x, Tensor out) {
        Softmax.forward(pool, CpuBackend.data(x), (int) x.offset(), CpuBackend.data(out), (int) out.offset(),
                x.numel(), x.rank() == 0 ? 1 : x.size(-1));
    }

    static void softmaxBackward(WorkPool pool, Tensor y, Tensor dy, Tensor dx) {
        Softmax.backward(pool, CpuBackend.data(y), (int) y.offset(), CpuBackend.data(dy), (int) dy.offset(),
                CpuBackend.data(dx), (int) dx.offset(), y.numel(), y.rank() == 0 ? 1 : y.size(-1));
    }
}
