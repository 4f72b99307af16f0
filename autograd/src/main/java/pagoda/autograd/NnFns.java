package pagoda.autograd;

import java.util.Arrays;
import pagoda.tensor.BinaryOp;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/** Resampling, group and batch normalisation, softmax, attention and dropout: forward, then backward rule. */
final class NnFns {
    /** Nearest-neighbour 2x up-sampling as an up-FIR: every input pixel lands on a 2x2 block. */
    private static final float[] ONES_2X2 = {1, 1, 1, 1};
    /** 2x2 average pooling as a down-FIR (torch avg_pool2d(2): an odd last row or column is dropped). */
    private static final float[] MEAN_2X2 = {0.25f, 0.25f, 0.25f, 0.25f};

    private NnFns() {
    }

    /** firUp with the same filter and gain is firDown's adjoint (see Backend#firUp), hence its gradient. */
    static Var firDown(Var x, float[] filter, int k, int pad, float gain) {
        int[] in = x.shape();
        float[] f = filter.clone();
        return Var.op("firDown", NnOps.firDown(x.value(), f, k, pad, gain),
                (dy, needs) -> new Tensor[] {NnOps.firUp(dy, f, k, pad, gain, in[2], in[3])}, x);
    }

    /** The adjoint of firUp is firDown with the same filter and gain. */
    static Var firUp(Var x, float[] filter, int k, int pad, float gain, int outH, int outW) {
        float[] f = filter.clone();
        return Var.op("firUp", NnOps.firUp(x.value(), f, k, pad, gain, outH, outW),
                (dy, needs) -> new Tensor[] {NnOps.firDown(dy, f, k, pad, gain)}, x);
    }

    static Var upsampleNearest2x(Var x) {
        int[] s = x.shape();
        return firUp(x, ONES_2X2, 2, 0, 1f, 2 * s[2], 2 * s[3]);
    }

    static Var avgPool2x(Var x) {
        return firDown(x, MEAN_2X2, 2, 0, 1f);
    }

    /** Group norm over x [N, C, *]; the rule keeps x and the per-group mean and rstd. gamma, beta may be null. */
    static Var groupNorm(Var x, Var gamma, Var beta, int groups, float eps) {
        Tensor xv = x.value();
        Tensor gv = gamma == null ? null : gamma.value();
        NnOps.GroupNormResult r = NnOps.groupNorm(xv, gv, beta == null ? null : beta.value(), groups, eps);
        Tensor mean = r.mean();
        Tensor rstd = r.rstd();
        return Var.op("groupNorm", r.out(), (dy, needs) -> {
            boolean affine = needs[1] || needs[2];
            NnOps.GroupNormGrads g = NnOps.groupNormBackward(dy, xv, gv, mean, rstd, groups, affine);
            return new Tensor[] {needs[0] ? g.dx() : null, g.dgamma(), g.dbeta()};
        }, x, gamma, beta);
    }

    /**
     * Batch norm with the batch's statistics over x [N, C, *] (see NnOps#batchNorm); the rule keeps x and
     * the per-channel mean and rstd. The biased batch variance, {@code 1/rstd^2 - eps}, comes back for
     * running averages.
     */
    static BatchNormOutput batchNorm(Var x, Var gamma, Var beta, float eps) {
        Tensor xv = x.value();
        Tensor gv = gamma == null ? null : gamma.value();
        NnOps.BatchNormResult r = NnOps.batchNorm(xv, gv, beta == null ? null : beta.value(), eps);
        Tensor mean = r.mean();
        Tensor rstd = r.rstd();
        Var out = Var.op("batchNorm", r.out(), (dy, needs) -> {
            boolean affine = needs[1] || needs[2];
            NnOps.BatchNormGrads g = NnOps.batchNormBackward(dy, xv, gv, mean, rstd, affine);
            return new Tensor[] {needs[0] ? g.dx() : null, g.dgamma(), g.dbeta()};
        }, x, gamma, beta);
        Tensor variance = Ops.relu(Ops.add(Ops.pow(rstd, -2f), -eps));
        return new BatchNormOutput(out, mean, variance);
    }

    /**
     * Batch norm with given statistics (inference): {@code (x - mean) / sqrt(var + eps) * gamma + beta},
     * composed from differentiable ops so gamma, beta and x all receive gradients; mean and var [C] are
     * constants.
     */
    static Var batchNormEval(Var x, Var gamma, Var beta, Tensor mean, Tensor var, float eps) {
        int[] s = x.shape();
        if (s.length < 2 || mean.rank() != 1 || var.rank() != 1 || mean.size(0) != s[1] || var.size(0) != s[1]) {
            throw new IllegalArgumentException("batchNormEval: input " + Shapes.str(s) + " with mean "
                    + Shapes.str(mean.shape()) + " and variance " + Shapes.str(var.shape())
                    + " (expected [N, C, *] and two [C])");
        }
        int[] perChannel = new int[s.length];
        Arrays.fill(perChannel, 1);
        perChannel[1] = s[1];
        Tensor scale = Ops.rsqrt(Ops.add(var, eps)).reshape(perChannel);
        Var y = ElementwiseFns.mul(ElementwiseFns.sub(x, Var.constant(mean.reshape(perChannel))), Var.constant(scale));
        if (gamma != null) {
            y = ElementwiseFns.mul(y, ShapeFns.reshape(gamma, perChannel));
        }
        if (beta != null) {
            y = ElementwiseFns.add(y, ShapeFns.reshape(beta, perChannel));
        }
        return y;
    }

    /** dx = y (dy - sum(dy y)) along the axis, from the output. */
    static Var softmax(Var x, int axis) {
        Tensor y = NnOps.softmax(x.value(), axis);
        return Var.op("softmax", y, (dy, needs) -> new Tensor[] {NnOps.softmaxBackward(y, dy, axis)}, x);
    }

    /** EDM attention (see NnOps#attention); the rule keeps q, k, v and the softmax weights. */
    static Var attention(Var q, Var k, Var v) {
        Tensor qv = q.value();
        Tensor kv = k.value();
        Tensor vv = v.value();
        NnOps.AttentionResult r = NnOps.attention(qv, kv, vv);
        Tensor weights = r.weights();
        return Var.op("attention", r.out(), (dy, needs) -> {
            NnOps.AttentionGrads g = NnOps.attentionBackward(qv, kv, vv, weights, dy);
            return new Tensor[] {g.dq(), g.dk(), g.dv()};
        }, q, k, v);
    }

    static Var resize(Var x, int outH, int outW, ResizeFilter filter, boolean antialias) {
        int[] in = x.shape();
        return Var.op("resize", NnOps.resize(x.value(), outH, outW, filter, antialias),
                (dy, needs) -> new Tensor[] {NnOps.resizeBackward(dy, in, filter, antialias)}, x);
    }

    /**
     * Inverted dropout: each element is kept with probability 1 - p, drawn from the Philox stream
     * (seed, offset), and scaled by 1 / (1 - p); the gradient is masked and scaled alike. Identity when
     * not training or p == 0.
     */
    static Var dropout(Var x, float p, long seed, long offset, boolean training) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout: probability " + p + " outside [0, 1]");
        }
        if (!training || p == 0) {
            return x;
        }
        Tensor xv = x.value();
        Tensor mask;
        if (p == 1) {
            mask = Tensor.zeros(xv.backend(), xv.shape());
        } else {
            Tensor u = Ops.uniform(xv.backend(), seed, offset, 0f, 1f, xv.shape());
            Tensor keep = Ops.binary(BinaryOp.GT, Tensor.scalar(xv.backend(), 1f - p), u, 0, 0);
            mask = Ops.div(keep, Tensor.scalar(xv.backend(), 1f - p));
        }
        return Var.op("dropout", Ops.mul(xv, mask), (dy, needs) -> new Tensor[] {Ops.mul(dy, mask)}, x);
    }
}
