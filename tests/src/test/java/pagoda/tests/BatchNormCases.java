package pagoda.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import pagoda.tensor.NnOps;
import pagoda.tensor.Tensor;

/**
 * Batch normalisation with batch statistics, forward and backward: with and without affine parameters,
 * 2-D (one position per channel), 3-D and 4-D inputs, a discriminator head's [8, 64, 8, 8] and inputs
 * whose mean is large against their spread.
 *
 * <p>Bounds: those of {@link GroupNormCases}, whose derivation holds per normalised set; here the set of
 * channel c is its M = N * positions elements over the whole batch (group norm's group of one sample),
 * so every "mean over the group" is a mean over the channel and M replaces the group size:
 * <ul>
 *   <li>out: mag = |gamma| (|xhat| (1 + (mean rstd)^2) + rstd mean|x|) + |beta|, tolerance M + 8;</li>
 *   <li>mean: a sum of M terms and a division; rstd: mag = rstd (1 + (mean rstd)^2), tolerance M + 8;</li>
 *   <li>dx: mag = rstd (|g| + mean|g| + (|xhat| + |mean| rstd) mean|g xhat|), g = gamma dy, tolerance
 *       M + 10; dgamma and dbeta: sums of M terms dy (|xhat| + |mean| rstd) and |dy|.</li>
 * </ul>
 */
final class BatchNormCases {
    private BatchNormCases() {
    }

    private static final float EPS = 1e-5f;

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        int[] small = {4, 6, 5, 3};
        cases.add(batchNorm(small, true, true, -1, 1));
        cases.add(batchNorm(small, true, false, -1, 1));
        cases.add(batchNorm(small, false, false, -1, 1));
        cases.add(batchNormBackward(small, true, true, -1, 1));
        cases.add(batchNormBackward(small, true, false, -1, 1));
        cases.add(batchNormBackward(small, false, true, -1, 1));
        cases.add(batchNorm(new int[] {16, 32}, true, true, -1, 1));
        cases.add(batchNormBackward(new int[] {16, 32}, true, true, -1, 1));
        cases.add(batchNorm(new int[] {3, 6, 7}, true, true, -1, 1));
        cases.add(batchNormBackward(new int[] {3, 6, 7}, true, true, -1, 1));
        cases.add(batchNorm(new int[] {2, 5, 4, 4}, true, true, 2, 4));
        cases.add(batchNormBackward(new int[] {2, 5, 4, 4}, true, true, 2, 4));
        int[] head = {8, 64, 8, 8};
        cases.add(batchNorm(head, true, true, -1, 1));
        cases.add(batchNormBackward(head, true, true, -1, 1));
        return cases;
    }

    private static String range(double lo, double hi) {
        return lo == -1 && hi == 1 ? "" : " x in [" + lo + ", " + hi + ")";
    }

    static OpCase batchNorm(int[] shape, boolean affine, boolean beta, double lo, double hi) {
        String name = "batchNorm " + Arrays.toString(shape) + range(lo, hi)
                + (affine ? (beta ? " gamma and beta" : " gamma only") : " no affine");
        Inputs inputs = Inputs.none().uniform("x", lo, hi, shape);
        if (affine) {
            inputs = inputs.symmetric("gamma", shape[1]);
            if (beta) {
                inputs = inputs.symmetric("beta", shape[1]);
            }
        }
        OpCase.Call call = (be, in) -> {
            NnOps.BatchNormResult r = NnOps.batchNorm(in[0], affine ? in[1] : null, affine && beta ? in[2] : null, EPS);
            return new Tensor[] {r.out(), r.mean(), r.rstd()};
        };
        return new OpCase("batchNorm", name, Set.of("batchNorm"), inputs, call, List.of("out", "mean", "rstd"), (in, ref) -> {
            Channels g = new Channels(shape, ref[1], ref[2], Readback.values(in[0]));
            double[] gamma = affine ? Readback.values(in[1]) : null;
            double[] shift = affine && beta ? Readback.values(in[2]) : null;
            double[] meanAbs = g.channelMean(Magnitudes.abs(g.x));
            double[] out = new double[g.x.length];
            for (int i = 0; i < out.length; i++) {
                int c = g.channel(i);
                double scale = gamma == null ? 1 : Math.abs(gamma[c]);
                double mr = g.mean[c] * g.rstd[c];
                out[i] = scale * (Math.abs(g.xhat(i)) * (1 + mr * mr) + g.rstd[c] * meanAbs[c]) + (shift == null ? 0 : Math.abs(shift[c]));
            }
            double[] rstd = new double[g.rstd.length];
            for (int c = 0; c < rstd.length; c++) {
                double mr = g.mean[c] * g.rstd[c];
                rstd[c] = g.rstd[c] * (1 + mr * mr);
            }
            long m = g.size;
            return new Bound[] {
                Bound.scaled(m + 8, out, "|gamma| (|xhat| (1 + (mean rstd)^2) + rstd mean|x|) + |beta|, channel size M = " + m),
                Bound.sum(m + 1, meanAbs, "the channel's elements, and a division"),
                Bound.scaled(m + 8, rstd, "rstd (1 + (mean rstd)^2), channel size M = " + m)};
        });
    }

    static OpCase batchNormBackward(int[] shape, boolean affine, boolean wantGammaBeta, double lo, double hi) {
        String name = "batchNormBackward " + Arrays.toString(shape) + range(lo, hi)
                + (affine ? " affine" : " no affine") + (wantGammaBeta ? "" : ", dx only");
        Inputs inputs = Inputs.none().symmetric("dy", shape).uniform("x", lo, hi, shape);
        if (affine) {
            inputs = inputs.symmetric("gamma", shape[1]);
        }
        inputs = inputs.derived("mean", in -> NnOps.batchNorm(in[1], null, null, EPS).mean())
                .derived("rstd", in -> NnOps.batchNorm(in[1], null, null, EPS).rstd());
        int stats = affine ? 3 : 2;
        OpCase.Call call = (be, in) -> {
            NnOps.BatchNormGrads r = NnOps.batchNormBackward(in[0], in[1], affine ? in[2] : null, in[stats], in[stats + 1],
                    wantGammaBeta);
            return wantGammaBeta ? new Tensor[] {r.dx(), r.dgamma(), r.dbeta()} : new Tensor[] {r.dx()};
        };
        List<String> outputs = wantGammaBeta ? List.of("dx", "dgamma", "dbeta") : List.of("dx");
        return new OpCase("batchNormBackward", name, Set.of("batchNormBackward"), inputs, call, outputs, (in, ref) -> {
            Channels g = new Channels(shape, Readback.values(in[stats]), Readback.values(in[stats + 1]), Readback.values(in[1]));
            double[] dy = Readback.values(in[0]);
            double[] gamma = affine ? Readback.values(in[2]) : null;
            double[] gAbs = new double[dy.length];
            double[] gxAbs = new double[dy.length];
            double[] xhatMag = new double[dy.length];
            for (int i = 0; i < dy.length; i++) {
                int c = g.channel(i);
                gAbs[i] = Math.abs(dy[i] * (gamma == null ? 1 : gamma[c]));
                xhatMag[i] = Math.abs(g.xhat(i)) + Math.abs(g.mean[c]) * g.rstd[c];
                gxAbs[i] = gAbs[i] * Math.abs(g.xhat(i));
            }
            double[] meanG = g.channelMean(gAbs);
            double[] meanGx = g.channelMean(gxAbs);
            double[] dx = new double[dy.length];
            for (int i = 0; i < dx.length; i++) {
                int c = g.channel(i);
                dx[i] = g.rstd[c] * (gAbs[i] + meanG[c] + xhatMag[i] * meanGx[c]);
            }
            long m = g.size;
            Bound dxBound = Bound.scaled(m + 10, dx, "rstd (|g| + mean|g| + (|xhat| + |mean| rstd) mean|g xhat|), g = gamma dy,"
                    + " channel size M = " + m);
            if (!wantGammaBeta) {
                return new Bound[] {dxBound};
            }
            double[] dgamma = new double[shape[1]];
            double[] dbeta = new double[shape[1]];
            for (int i = 0; i < dy.length; i++) {
                dgamma[g.channel(i)] += Math.abs(dy[i]) * xhatMag[i];
                dbeta[g.channel(i)] += Math.abs(dy[i]);
            }
            return new Bound[] {dxBound, Bound.sum(m + 2, dgamma, "M products dy xhat, xhat within 2 roundings"),
                Bound.sum(m, dbeta, "M elements of dy")};
        });
    }

    /** x [N, C, *] normalised per channel, with the twin's statistics: indexing and per-channel means for the magnitudes. */
    private static final class Channels {
        final double[] mean;
        final double[] rstd;
        final double[] x;
        final int channels;
        final int spatial;
        final long size;

        Channels(int[] shape, double[] mean, double[] rstd, double[] x) {
            this.mean = mean;
            this.rstd = rstd;
            this.x = x;
            this.channels = shape[1];
            this.spatial = x.length / (shape[0] * channels);
            this.size = (long) shape[0] * spatial;
        }

        int channel(int i) {
            return (i / spatial) % channels;
        }

        double xhat(int i) {
            int c = channel(i);
            return (x[i] - mean[c]) * rstd[c];
        }

        double[] channelMean(double[] v) {
            double[] m = new double[channels];
            for (int i = 0; i < v.length; i++) {
                m[channel(i)] += v[i];
            }
            for (int c = 0; c < channels; c++) {
                m[c] /= size;
            }
            return m;
        }
    }
}
