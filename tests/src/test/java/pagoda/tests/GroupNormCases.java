package pagoda.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import pagoda.tensor.NnOps;
import pagoda.tensor.Tensor;

/**
 * Group normalisation forward and backward: with and without affine parameters, groups 1, C/4, C/2, C and
 * 32, 3-D and 4-D inputs and the UNet's [2, 64, 16, 16].
 *
 * <p>Bounds, derived in units of u = eps32 / 2 and stated in eps32 with the factor 2 of {@link Bound};
 * M = (C / G) * spatial is the group size, xhat = (x - mean) rstd:
 * <ul>
 *   <li>mean: a sum of M terms and a division, mag = mean|x| over the group;</li>
 *   <li>variance, one-pass or two-pass, is within (M + 3) u (var + mean^2), so rstd is within
 *       ((M + 3)(1 + (mean rstd)^2) / 2 + 2) u relative: mag = rstd (1 + (mean rstd)^2), tolerance M + 8;</li>
 *   <li>out = xhat gamma + beta (or x (rstd gamma) + (beta - mean rstd gamma)): the mean's error times rstd,
 *       xhat times rstd's relative error, and a few roundings: mag = |gamma| (|xhat| (1 + (mean rstd)^2) +
 *       rstd mean|x|) + |beta|, tolerance M + 8;</li>
 *   <li>backward, g = gamma dy: dx = rstd (g - mean(g) - xhat mean(g xhat)) with two sums of M terms and xhat
 *       within u (|xhat| + |mean| rstd) (either way of computing it): mag = rstd (|g| + mean|g| + (|xhat| +
 *       |mean| rstd) mean|g xhat|), tolerance M + 10; dgamma and dbeta are sums over N * spatial terms, of
 *       dy (|xhat| + |mean| rstd) and of |dy|.</li>
 * </ul>
 */
final class GroupNormCases {
    private GroupNormCases() {
    }

    private static final float EPS = 1e-5f;

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        int[] small = {2, 8, 5, 3};
        for (int groups : new int[] {1, 2, 4, 8}) {
            cases.add(groupNorm(small, groups, true, true));
            cases.add(groupNormBackward(small, groups, true, true));
        }
        cases.add(groupNorm(small, 2, false, false));
        cases.add(groupNorm(small, 2, true, false));
        cases.add(groupNormBackward(small, 2, false, false));
        cases.add(groupNormBackward(small, 2, true, false));
        cases.add(groupNorm(new int[] {3, 6, 7}, 3, true, true));
        cases.add(groupNormBackward(new int[] {3, 6, 7}, 3, true, true));
        int[] wide = {2, 64, 4, 4};
        cases.add(groupNorm(wide, 32, true, true));
        cases.add(groupNorm(wide, 16, false, false));
        cases.add(groupNormBackward(wide, 32, true, true));
        cases.add(groupNormBackward(wide, 16, false, true));
        int[] unet = {2, 64, 16, 16};
        cases.add(groupNorm(unet, 32, true, true));
        cases.add(groupNormBackward(unet, 32, true, true));
        return cases;
    }

    static OpCase groupNorm(int[] shape, int groups, boolean affine, boolean beta) {
        String name = "groupNorm " + Arrays.toString(shape) + " groups " + groups
                + (affine ? (beta ? " gamma and beta" : " gamma only") : " no affine");
        Inputs inputs = Inputs.none().symmetric("x", shape);
        if (affine) {
            inputs = inputs.symmetric("gamma", shape[1]);
            if (beta) {
                inputs = inputs.symmetric("beta", shape[1]);
            }
        }
        OpCase.Call call = (be, in) -> {
            NnOps.GroupNormResult r = NnOps.groupNorm(in[0], affine ? in[1] : null, affine && beta ? in[2] : null, groups, EPS);
            return new Tensor[] {r.out(), r.mean(), r.rstd()};
        };
        return new OpCase("groupNorm", name, Set.of("groupNorm"), inputs, call, List.of("out", "mean", "rstd"), (in, ref) -> {
            Groups g = new Groups(shape, groups, ref[1], ref[2], Readback.values(in[0]));
            double[] gamma = affine ? Readback.values(in[1]) : null;
            double[] shift = affine && beta ? Readback.values(in[2]) : null;
            double[] meanAbs = g.groupMean(Magnitudes.abs(g.x));
            double[] out = new double[g.x.length];
            for (int i = 0; i < out.length; i++) {
                int c = g.channel(i);
                int at = g.group(i);
                double scale = gamma == null ? 1 : Math.abs(gamma[c]);
                double mr = g.mean[at] * g.rstd[at];
                out[i] = scale * (Math.abs(g.xhat(i)) * (1 + mr * mr) + g.rstd[at] * meanAbs[at]) + (shift == null ? 0 : Math.abs(shift[c]));
            }
            double[] rstd = new double[g.rstd.length];
            for (int i = 0; i < rstd.length; i++) {
                double mr = g.mean[i] * g.rstd[i];
                rstd[i] = g.rstd[i] * (1 + mr * mr);
            }
            long m = g.size;
            return new Bound[] {
                Bound.scaled(m + 8, out, "|gamma| (|xhat| (1 + (mean rstd)^2) + rstd mean|x|) + |beta|, group size M = " + m),
                Bound.sum(m + 1, meanAbs, "the group's elements, and a division"),
                Bound.scaled(m + 8, rstd, "rstd (1 + (mean rstd)^2), group size M = " + m)};
        });
    }

    static OpCase groupNormBackward(int[] shape, int groups, boolean affine, boolean wantGammaBeta) {
        String name = "groupNormBackward " + Arrays.toString(shape) + " groups " + groups
                + (affine ? " affine" : " no affine") + (wantGammaBeta ? "" : ", dx only");
        Inputs inputs = Inputs.none().symmetric("dy", shape).symmetric("x", shape);
        if (affine) {
            inputs = inputs.symmetric("gamma", shape[1]);
        }
        inputs = inputs.derived("mean", in -> NnOps.groupNorm(in[1], null, null, groups, EPS).mean())
                .derived("rstd", in -> NnOps.groupNorm(in[1], null, null, groups, EPS).rstd());
        int stats = affine ? 3 : 2;
        OpCase.Call call = (be, in) -> {
            NnOps.GroupNormGrads r = NnOps.groupNormBackward(in[0], in[1], affine ? in[2] : null, in[stats], in[stats + 1],
                    groups, wantGammaBeta);
            return wantGammaBeta ? new Tensor[] {r.dx(), r.dgamma(), r.dbeta()} : new Tensor[] {r.dx()};
        };
        List<String> outputs = wantGammaBeta ? List.of("dx", "dgamma", "dbeta") : List.of("dx");
        return new OpCase("groupNormBackward", name, Set.of("groupNormBackward"), inputs, call, outputs, (in, ref) -> {
            Groups g = new Groups(shape, groups, Readback.values(in[stats]), Readback.values(in[stats + 1]), Readback.values(in[1]));
            double[] dy = Readback.values(in[0]);
            double[] gamma = affine ? Readback.values(in[2]) : null;
            double[] gAbs = new double[dy.length];
            double[] gxAbs = new double[dy.length];
            double[] xhatMag = new double[dy.length];
            for (int i = 0; i < dy.length; i++) {
                int at = g.group(i);
                gAbs[i] = Math.abs(dy[i] * (gamma == null ? 1 : gamma[g.channel(i)]));
                xhatMag[i] = Math.abs(g.xhat(i)) + Math.abs(g.mean[at]) * g.rstd[at];
                gxAbs[i] = gAbs[i] * Math.abs(g.xhat(i));
            }
            double[] meanG = g.groupMean(gAbs);
            double[] meanGx = g.groupMean(gxAbs);
            double[] dx = new double[dy.length];
            for (int i = 0; i < dx.length; i++) {
                int at = g.group(i);
                dx[i] = g.rstd[at] * (gAbs[i] + meanG[at] + xhatMag[i] * meanGx[at]);
            }
            long m = g.size;
            Bound dxBound = Bound.scaled(m + 10, dx, "rstd (|g| + mean|g| + (|xhat| + |mean| rstd) mean|g xhat|), g = gamma dy,"
                    + " group size M = " + m);
            if (!wantGammaBeta) {
                return new Bound[] {dxBound};
            }
            double[] dgamma = new double[shape[1]];
            double[] dbeta = new double[shape[1]];
            for (int i = 0; i < dy.length; i++) {
                dgamma[g.channel(i)] += Math.abs(dy[i]) * xhatMag[i];
                dbeta[g.channel(i)] += Math.abs(dy[i]);
            }
            long perChannel = dy.length / shape[1];
            return new Bound[] {dxBound, Bound.sum(perChannel + 2, dgamma, "N * spatial products dy xhat, xhat within 2 roundings"),
                Bound.sum(perChannel, dbeta, "N * spatial elements of dy")};
        });
    }

    /** x [N, C, *] in G groups, with the twin's statistics: indexing and per-group means for the magnitudes. */
    private static final class Groups {
        final double[] mean;
        final double[] rstd;
        final double[] x;
        final int channels;
        final int perGroup;
        final int spatial;
        final int groups;
        final long size;

        Groups(int[] shape, int groups, double[] mean, double[] rstd, double[] x) {
            this.mean = mean;
            this.rstd = rstd;
            this.x = x;
            this.channels = shape[1];
            this.groups = groups;
            this.perGroup = channels / groups;
            this.spatial = x.length / (shape[0] * channels);
            this.size = (long) perGroup * spatial;
        }

        int channel(int i) {
            return (i / spatial) % channels;
        }

        /** The (sample, group) row of element i: index into mean and rstd. */
        int group(int i) {
            int n = i / (spatial * channels);
            return n * groups + channel(i) / perGroup;
        }

        double xhat(int i) {
            int at = group(i);
            return (x[i] - mean[at]) * rstd[at];
        }

        double[] groupMean(double[] v) {
            double[] m = new double[mean.length];
            for (int i = 0; i < v.length; i++) {
                m[group(i)] += v[i];
            }
            for (int i = 0; i < m.length; i++) {
                m[i] /= size;
            }
            return m;
        }
    }
}
