package pagoda.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.ReduceOp;
import pagoda.tensor.Tensor;

/**
 * EDM's attention forward and backward through {@link NnOps}: q [B, C, Lq], k and v [B, C, Lk] with
 * Lq != Lk, heads of C = 64 as in EDM's UNet, and the UNet's 8x8 and 16x16 self-attention.
 *
 * <p>Bounds, derived in u = eps32 / 2 and stated in eps32 with the factor 2 of {@link Bound}. With
 * S = |q|^T |k| / sqrt(C) the scores' magnitude, each score is within (C + 2) u S; a perturbation d of the
 * scores moves each softmax weight by a relative 2 max|d|, and the softmax itself adds (Lk + |s - max| + 6) u:
 * <ul>
 *   <li>weights: mag = w (1 + 2 max_j S + |s - max|), tolerance C + Lk + 8;</li>
 *   <li>out = w v: mag = mag_w @ |v|^T, tolerance C + 2 Lk + 9;</li>
 *   <li>backward, with dw = dout^T v (within (C + 1) u D, D = |dout|^T |v|) and ds = w (dw - sum_j w dw):
 *       ds is within (C + Lk + 5) u mag_ds, mag_ds = w (D + sum_j w D); dv = w^T dout is a sum of Lq terms
 *       (mag = |dout| @ w), dq = k ds^T / sqrt(C) has mag = |k| @ mag_ds^T / sqrt(C) and tolerance
 *       C + 2 Lk + 7, dk = q ds / sqrt(C) has mag = |q| @ mag_ds / sqrt(C) and tolerance C + Lk + Lq + 7.</li>
 * </ul>
 */
final class AttentionCases {
    private AttentionCases() {
    }

    /** [batch*heads, channels per head, query length, key length]. */
    private static final int[][] SHAPES = {{2, 8, 5, 7}, {3, 64, 16, 9}, {1, 64, 1, 1}, {2, 64, 64, 64}, {1, 64, 256, 256}};

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        for (int[] s : SHAPES) {
            cases.add(forward(s[0], s[1], s[2], s[3]));
            cases.add(backward(s[0], s[1], s[2], s[3]));
        }
        return cases;
    }

    private static String label(int b, int c, int lq, int lk) {
        return "B " + b + " C " + c + " Lq " + lq + " Lk " + lk;
    }

    static OpCase forward(int b, int c, int lq, int lk) {
        Inputs inputs = Inputs.none().symmetric("q", b, c, lq).symmetric("k", b, c, lk).symmetric("v", b, c, lk);
        return new OpCase("attention", "attention " + label(b, c, lq, lk), Set.of("attention"), inputs, (be, in) -> {
            NnOps.AttentionResult r = NnOps.attention(in[0], in[1], in[2]);
            return new Tensor[] {r.out(), r.weights()};
        }, List.of("out", "weights"), (in, ref) -> {
            double[] w = ref[1];
            double[] scores = Readback.values(Ops.mul(Ops.matmul(in[0].transpose(1, 2), in[1]), (float) (1 / Math.sqrt(c))));
            Tensor sMag = Ops.mul(Ops.matmul(Magnitudes.abs(in[0]).transpose(1, 2), Magnitudes.abs(in[1])), (float) (1 / Math.sqrt(c)));
            double[] maxS = rowMax(sMag, lk);
            double[] maxScore = rowMax(Magnitudes.tensor(scores, b, lq, lk), lk);
            double[] wMag = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                wMag[i] = w[i] * (1 + 2 * maxS[i] + Math.abs(scores[i] - maxScore[i]));
            }
            double[] outMag = Readback.values(Ops.matmul(Magnitudes.abs(in[2]), Magnitudes.tensor(wMag, b, lq, lk).transpose(1, 2)));
            return new Bound[] {
                Bound.scaled(c + 2 * lk + 9, outMag, "mag_weights @ |v|^T (see AttentionCases), C = " + c + ", Lk = " + lk),
                Bound.scaled(c + lk + 8, wMag, "w (1 + 2 max_j |q|^T|k|/sqrt(C) + |s - max|), C = " + c + ", Lk = " + lk)};
        });
    }

    static OpCase backward(int b, int c, int lq, int lk) {
        Inputs inputs = Inputs.none().symmetric("q", b, c, lq).symmetric("k", b, c, lk).symmetric("v", b, c, lk)
                .derived("weights", in -> NnOps.attention(in[0], in[1], in[2]).weights()).symmetric("dout", b, c, lq);
        return new OpCase("attentionBackward", "attentionBackward " + label(b, c, lq, lk), Set.of("attentionBackward"), inputs,
                (be, in) -> {
                    NnOps.AttentionGrads g = NnOps.attentionBackward(in[0], in[1], in[2], in[3], in[4]);
                    return new Tensor[] {g.dq(), g.dk(), g.dv()};
                }, List.of("dq", "dk", "dv"), (in, ref) -> {
                    double[] w = Readback.values(in[3]);
                    Tensor absDout = Magnitudes.abs(in[4]);
                    double[] d = Readback.values(Ops.matmul(absDout.transpose(1, 2), Magnitudes.abs(in[2])));
                    double[] wd = new double[w.length];
                    for (int i = 0; i < w.length; i++) {
                        wd[i] = w[i] * d[i];
                    }
                    double[] rowSum = Readback.values(Ops.reduce(ReduceOp.SUM, Magnitudes.tensor(wd, b, lq, lk), 0, true, 2)
                            .broadcastTo(b, lq, lk));
                    double[] ds = new double[w.length];
                    for (int i = 0; i < w.length; i++) {
                        ds[i] = w[i] * (d[i] + rowSum[i]);
                    }
                    Tensor dsMag = Magnitudes.tensor(ds, b, lq, lk);
                    float scale = (float) (1 / Math.sqrt(c));
                    double[] dq = Readback.values(Ops.mul(Ops.matmul(Magnitudes.abs(in[1]), dsMag.transpose(1, 2)), scale));
                    double[] dk = Readback.values(Ops.mul(Ops.matmul(Magnitudes.abs(in[0]), dsMag), scale));
                    double[] dv = Readback.values(Ops.matmul(absDout, in[3]));
                    String sizes = ", C = " + c + ", Lq = " + lq + ", Lk = " + lk;
                    return new Bound[] {
                        Bound.scaled(c + 2 * lk + 7, dq, "|k| @ mag_ds^T / sqrt(C) (see AttentionCases)" + sizes),
                        Bound.scaled(c + lk + lq + 7, dk, "|q| @ mag_ds / sqrt(C) (see AttentionCases)" + sizes),
                        Bound.sum(lq, dv, "Lq products w dout")};
                });
    }

    /** The maximum over the last axis (of length lk) of t [B, Lq, Lk], repeated along it. */
    private static double[] rowMax(Tensor t, int lk) {
        int[] s = t.shape();
        return Readback.values(Ops.reduce(ReduceOp.MAX, t, 0, true, 2).broadcastTo(s[0], s[1], lk));
    }
}
