package pagoda.tensor;

import java.util.Arrays;

/**
 * Neural-network ops: convolution, EDM's resampling, group and batch normalisation, softmax, attention,
 * image resizing and DiffAugment's translation, forward and backward. Shape checks name the op and the shapes; inputs are made contiguous
 * before they reach the backend.
 */
public final class NnOps {
    private NnOps() {
    }

    /** Group-norm outputs: the normalised tensor and the per-(sample, group) statistics the backward pass needs. */
    public record GroupNormResult(Tensor out, Tensor mean, Tensor rstd) {
    }

    /** Group-norm gradients; dgamma and dbeta are null when not asked for. */
    public record GroupNormGrads(Tensor dx, Tensor dgamma, Tensor dbeta) {
    }

    /** Batch-norm outputs: the normalised tensor and the per-channel batch statistics, both [C]. */
    public record BatchNormResult(Tensor out, Tensor mean, Tensor rstd) {
    }

    /** Batch-norm gradients; dgamma and dbeta are null when not asked for. */
    public record BatchNormGrads(Tensor dx, Tensor dgamma, Tensor dbeta) {
    }

    /** Attention output and the softmax weights the backward pass needs. */
    public record AttentionResult(Tensor out, Tensor weights) {
    }

    public record AttentionGrads(Tensor dq, Tensor dk, Tensor dv) {
    }

    // ---- convolution -----------------------------------------------------------------------------

    /** {@code act(conv2d(x, w) + bias)}; x [N, C, H, W], w [K, C, R, S], bias [K] or null, act null for none. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dSpec spec, UnaryOp act, float actP0) {
        int[] xs = x.shape();
        int[] ws = w.shape();
        if (xs.length != 4 || ws.length != 4 || xs[1] != ws[1]) {
            throw new IllegalArgumentException("conv2d: input " + Shapes.str(xs) + " and weight " + Shapes.str(ws)
                    + " must be [N, C, H, W] and [K, C, R, S]");
        }
        if (bias != null && (bias.rank() != 1 || bias.size(0) != ws[0])) {
            throw new IllegalArgumentException("conv2d: bias " + Shapes.str(bias.shape()) + " must be [" + ws[0] + "]");
        }
        int p = spec.outH(xs[2], ws[2]);
        int q = spec.outW(xs[3], ws[3]);
        if (p < 1 || q < 1) {
            throw new IllegalArgumentException("conv2d: kernel " + Shapes.str(ws) + " with " + spec
                    + " leaves no output for input " + Shapes.str(xs));
        }
        sameBackend("conv2d", x, w, bias);
        Tensor out = Tensor.zeros(x.backend(), xs[0], ws[0], p, q);
        x.backend().conv2d(x.contiguous(), w.contiguous(), bias == null ? null : bias.contiguous(), spec, act, actP0, out);
        return out;
    }

    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dSpec spec) {
        return conv2d(x, w, bias, spec, null, 0);
    }

    /** Gradient of conv2d with respect to x, whose shape is {@code inputShape}. */
    public static Tensor conv2dBackwardData(Tensor dy, Tensor w, Conv2dSpec spec, int[] inputShape) {
        int[] ws = w.shape();
        int[] ds = dy.shape();
        if (ds.length != 4 || ws.length != 4 || inputShape.length != 4 || ds[1] != ws[0] || inputShape[1] != ws[1]
                || ds[0] != inputShape[0] || spec.outH(inputShape[2], ws[2]) != ds[2] || spec.outW(inputShape[3], ws[3]) != ds[3]) {
            throw new IllegalArgumentException("conv2dBackwardData: dy " + Shapes.str(ds) + ", weight " + Shapes.str(ws)
                    + " and input " + Shapes.str(inputShape) + " do not match " + spec);
        }
        sameBackend("conv2dBackwardData", dy, w);
        Tensor dx = Tensor.zeros(dy.backend(), inputShape);
        dy.backend().conv2dBackwardData(dy.contiguous(), w.contiguous(), spec, dx);
        return dx;
    }

    /** Gradient of conv2d with respect to w, whose shape is {@code weightShape}. */
    public static Tensor conv2dBackwardWeight(Tensor dy, Tensor x, Conv2dSpec spec, int[] weightShape) {
        int[] xs = x.shape();
        int[] ds = dy.shape();
        if (ds.length != 4 || xs.length != 4 || weightShape.length != 4 || ds[1] != weightShape[0]
                || xs[1] != weightShape[1] || ds[0] != xs[0] || spec.outH(xs[2], weightShape[2]) != ds[2]
                || spec.outW(xs[3], weightShape[3]) != ds[3]) {
            throw new IllegalArgumentException("conv2dBackwardWeight: dy " + Shapes.str(ds) + ", input " + Shapes.str(xs)
                    + " and weight " + Shapes.str(weightShape) + " do not match " + spec);
        }
        sameBackend("conv2dBackwardWeight", dy, x);
        Tensor dw = Tensor.zeros(dy.backend(), weightShape);
        dy.backend().conv2dBackwardWeight(dy.contiguous(), x.contiguous(), spec, dw);
        return dw;
    }

    // ---- EDM resampling --------------------------------------------------------------------------

    /** See {@link Backend#firDown}; {@code filter} is k x k, row-major. */
    public static Tensor firDown(Tensor x, float[] filter, int k, int pad, float gain) {
        checkFilter("firDown", x, filter, k, pad);
        int[] s = x.shape();
        int oh = (s[2] + 2 * pad - k) / 2 + 1;
        int ow = (s[3] + 2 * pad - k) / 2 + 1;
        if (s[2] + 2 * pad < k || s[3] + 2 * pad < k) {
            throw new IllegalArgumentException("firDown: filter " + k + "x" + k + " with padding " + pad
                    + " is larger than input " + Shapes.str(s));
        }
        Tensor out = Tensor.zeros(x.backend(), s[0], s[1], oh, ow);
        x.backend().firDown(x.contiguous(), filter.clone(), k, pad, gain, out);
        return out;
    }

    /** See {@link Backend#firUp}; the output spatial size is given. */
    public static Tensor firUp(Tensor x, float[] filter, int k, int pad, float gain, int outH, int outW) {
        checkFilter("firUp", x, filter, k, pad);
        int[] s = x.shape();
        if (outH < 1 || outW < 1 || (outH + 2 * pad - k) / 2 + 1 != s[2] || (outW + 2 * pad - k) / 2 + 1 != s[3]
                || outH + 2 * pad < k || outW + 2 * pad < k) {
            throw new IllegalArgumentException("firUp: output " + outH + "x" + outW + " is not an up-sampling of "
                    + Shapes.str(s) + " with a " + k + "x" + k + " filter and padding " + pad);
        }
        Tensor out = Tensor.zeros(x.backend(), s[0], s[1], outH, outW);
        x.backend().firUp(x.contiguous(), filter.clone(), k, pad, gain, out);
        return out;
    }

    private static void checkFilter(String op, Tensor x, float[] filter, int k, int pad) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": input " + Shapes.str(x.shape()) + " must be [N, C, H, W]");
        }
        if (k < 1 || filter.length != k * k || pad < 0) {
            throw new IllegalArgumentException(op + ": filter of " + filter.length + " values is not " + k + "x" + k
                    + " (padding " + pad + ")");
        }
    }

    // ---- normalisation ---------------------------------------------------------------------------

    public static GroupNormResult groupNorm(Tensor x, Tensor gamma, Tensor beta, int groups, float eps) {
        int[] s = x.shape();
        if (s.length < 2 || groups < 1 || s[1] % groups != 0) {
            throw new IllegalArgumentException("groupNorm: " + groups + " groups do not divide the channels of "
                    + Shapes.str(s));
        }
        checkChannelVector("groupNorm", "gamma", gamma, s[1]);
        checkChannelVector("groupNorm", "beta", beta, s[1]);
        sameBackend("groupNorm", x, gamma, beta);
        Backend b = x.backend();
        Tensor out = Tensor.zeros(b, s);
        Tensor mean = Tensor.zeros(b, s[0], groups);
        Tensor rstd = Tensor.zeros(b, s[0], groups);
        b.groupNorm(x.contiguous(), contiguousOrNull(gamma), contiguousOrNull(beta), groups, eps, out, mean, rstd);
        return new GroupNormResult(out, mean, rstd);
    }

    public static GroupNormGrads groupNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, int groups,
                                                  boolean wantGammaBeta) {
        int[] s = x.shape();
        if (!dy.sameShape(x) || mean.numel() != (long) s[0] * groups || rstd.numel() != (long) s[0] * groups
                || s[1] % groups != 0) {
            throw new IllegalArgumentException("groupNormBackward: dy " + Shapes.str(dy.shape()) + ", x " + Shapes.str(s)
                    + ", mean " + Shapes.str(mean.shape()) + ", rstd " + Shapes.str(rstd.shape()) + " with " + groups + " groups");
        }
        checkChannelVector("groupNormBackward", "gamma", gamma, s[1]);
        sameBackend("groupNormBackward", x, dy, gamma, mean, rstd);
        Backend b = x.backend();
        Tensor dx = Tensor.zeros(b, s);
        Tensor dgamma = wantGammaBeta ? Tensor.zeros(b, s[1]) : null;
        Tensor dbeta = wantGammaBeta ? Tensor.zeros(b, s[1]) : null;
        b.groupNormBackward(dy.contiguous(), x.contiguous(), contiguousOrNull(gamma), mean.contiguous(), rstd.contiguous(),
                groups, dx, dgamma, dbeta);
        return new GroupNormGrads(dx, dgamma, dbeta);
    }

    /** See {@link Backend#batchNorm}: x [N, C, *] with at least one element per channel. */
    public static BatchNormResult batchNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        int[] s = x.shape();
        checkBatchNormInput("batchNorm", s);
        checkChannelVector("batchNorm", "gamma", gamma, s[1]);
        checkChannelVector("batchNorm", "beta", beta, s[1]);
        sameBackend("batchNorm", x, gamma, beta);
        Backend b = x.backend();
        Tensor out = Tensor.zeros(b, s);
        Tensor mean = Tensor.zeros(b, s[1]);
        Tensor rstd = Tensor.zeros(b, s[1]);
        b.batchNorm(x.contiguous(), contiguousOrNull(gamma), contiguousOrNull(beta), eps, out, mean, rstd);
        return new BatchNormResult(out, mean, rstd);
    }

    /** Gradients of {@link #batchNorm} from its saved mean and rstd [C]. */
    public static BatchNormGrads batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                                                   boolean wantGammaBeta) {
        int[] s = x.shape();
        checkBatchNormInput("batchNormBackward", s);
        if (!dy.sameShape(x) || mean.rank() != 1 || rstd.rank() != 1 || mean.size(0) != s[1] || rstd.size(0) != s[1]) {
            throw new IllegalArgumentException("batchNormBackward: dy " + Shapes.str(dy.shape()) + ", x " + Shapes.str(s)
                    + ", mean " + Shapes.str(mean.shape()) + ", rstd " + Shapes.str(rstd.shape())
                    + " (expected dy like x, mean and rstd [" + s[1] + "])");
        }
        checkChannelVector("batchNormBackward", "gamma", gamma, s[1]);
        sameBackend("batchNormBackward", x, dy, gamma, mean, rstd);
        Backend b = x.backend();
        Tensor dx = Tensor.zeros(b, s);
        Tensor dgamma = wantGammaBeta ? Tensor.zeros(b, s[1]) : null;
        Tensor dbeta = wantGammaBeta ? Tensor.zeros(b, s[1]) : null;
        b.batchNormBackward(dy.contiguous(), x.contiguous(), contiguousOrNull(gamma), mean.contiguous(), rstd.contiguous(),
                dx, dgamma, dbeta);
        return new BatchNormGrads(dx, dgamma, dbeta);
    }

    private static void checkBatchNormInput(String op, int[] s) {
        if (s.length < 2 || Shapes.numel(s) == 0) {
            throw new IllegalArgumentException(op + ": input " + Shapes.str(s)
                    + " must be [N, C, *] with at least one element per channel");
        }
    }

    private static void checkChannelVector(String op, String name, Tensor t, int channels) {
        if (t != null && (t.rank() != 1 || t.size(0) != channels)) {
            throw new IllegalArgumentException(op + ": " + name + " " + Shapes.str(t.shape()) + " must be [" + channels + "]");
        }
    }

    /** Every non-null tensor of {@code others} lives on x's backend. */
    private static void sameBackend(String op, Tensor x, Tensor... others) {
        for (Tensor t : others) {
            if (t != null) {
                Ops.sameBackend(op, x, t);
            }
        }
    }

    private static Tensor contiguousOrNull(Tensor t) {
        return t == null ? null : t.contiguous();
    }

    // ---- softmax and attention -------------------------------------------------------------------

    public static Tensor softmax(Tensor x, int axis) {
        int a = Shapes.axis("softmax", axis, x.rank());
        Tensor moved = moveLast(x, a).contiguous();
        Tensor out = Tensor.zeros(x.backend(), moved.shape());
        x.backend().softmax(moved, out);
        return moveBack(out, a).contiguous();
    }

    public static Tensor softmaxBackward(Tensor y, Tensor dy, int axis) {
        if (!y.sameShape(dy)) {
            throw new IllegalArgumentException("softmaxBackward: y " + Shapes.str(y.shape()) + " and dy "
                    + Shapes.str(dy.shape()) + " differ");
        }
        sameBackend("softmaxBackward", y, dy);
        int a = Shapes.axis("softmaxBackward", axis, y.rank());
        Tensor ym = moveLast(y, a).contiguous();
        Tensor dm = moveLast(dy, a).contiguous();
        Tensor dx = Tensor.zeros(y.backend(), ym.shape());
        y.backend().softmaxBackward(ym, dm, dx);
        return moveBack(dx, a).contiguous();
    }

    private static Tensor moveLast(Tensor x, int axis) {
        int r = x.rank();
        if (axis == r - 1) {
            return x;
        }
        int[] order = new int[r];
        for (int i = 0, j = 0; i < r; i++) {
            if (i != axis) {
                order[j++] = i;
            }
        }
        order[r - 1] = axis;
        return x.permute(order);
    }

    private static Tensor moveBack(Tensor x, int axis) {
        int r = x.rank();
        if (axis == r - 1) {
            return x;
        }
        int[] order = new int[r];
        for (int i = 0; i < r; i++) {
            order[i] = i < axis ? i : (i == axis ? r - 1 : i - 1);
        }
        return x.permute(order);
    }

    /** EDM's attention (see {@link Backend#attention}): q [B, C, Lq], k and v [B, C, Lk]. */
    public static AttentionResult attention(Tensor q, Tensor k, Tensor v) {
        checkAttention("attention", q, k, v);
        Backend b = q.backend();
        int[] qs = q.shape();
        Tensor out = Tensor.zeros(b, qs);
        Tensor w = Tensor.zeros(b, qs[0], qs[2], k.size(2));
        b.attention(q.contiguous(), k.contiguous(), v.contiguous(), out, w);
        return new AttentionResult(out, w);
    }

    public static AttentionGrads attentionBackward(Tensor q, Tensor k, Tensor v, Tensor weights, Tensor dout) {
        checkAttention("attentionBackward", q, k, v);
        if (!dout.sameShape(q) || !Arrays.equals(weights.shape(), new int[] {q.size(0), q.size(2), k.size(2)})) {
            throw new IllegalArgumentException("attentionBackward: dout " + Shapes.str(dout.shape()) + " and weights "
                    + Shapes.str(weights.shape()) + " do not match q " + Shapes.str(q.shape()) + " and k " + Shapes.str(k.shape()));
        }
        sameBackend("attentionBackward", q, weights, dout);
        Backend b = q.backend();
        Tensor dq = Tensor.zeros(b, q.shape());
        Tensor dk = Tensor.zeros(b, k.shape());
        Tensor dv = Tensor.zeros(b, v.shape());
        b.attentionBackward(q.contiguous(), k.contiguous(), v.contiguous(), weights.contiguous(), dout.contiguous(), dq, dk, dv);
        return new AttentionGrads(dq, dk, dv);
    }

    private static void checkAttention(String op, Tensor q, Tensor k, Tensor v) {
        int[] qs = q.shape();
        int[] ks = k.shape();
        if (qs.length != 3 || !k.sameShape(v) || ks.length != 3 || qs[0] != ks[0] || qs[1] != ks[1]) {
            throw new IllegalArgumentException(op + ": q " + Shapes.str(qs) + ", k " + Shapes.str(ks) + ", v "
                    + Shapes.str(v.shape()) + " must be [B, C, Lq], [B, C, Lk], [B, C, Lk]");
        }
        Ops.sameBackend(op, q, k);
        Ops.sameBackend(op, q, v);
    }

    // ---- resizing --------------------------------------------------------------------------------

    /** Resizes x [N, C, H, W] to [N, C, outH, outW]; see {@link ResizeFilter}. */
    public static Tensor resize(Tensor x, int outH, int outW, ResizeFilter filter, boolean antialias) {
        int[] s = x.shape();
        if (s.length != 4 || outH < 1 || outW < 1 || s[2] < 1 || s[3] < 1) {
            throw new IllegalArgumentException("resize: input " + Shapes.str(s) + " to " + outH + "x" + outW
                    + " (input must be [N, C, H, W] and sizes positive)");
        }
        Tensor out = Tensor.zeros(x.backend(), s[0], s[1], outH, outW);
        x.backend().resize(x.contiguous(), filter, antialias, out);
        return out;
    }

    /** The gradient of {@link #resize} for an input of shape {@code inputShape}. */
    public static Tensor resizeBackward(Tensor dy, int[] inputShape, ResizeFilter filter, boolean antialias) {
        int[] s = dy.shape();
        if (s.length != 4 || inputShape.length != 4 || s[0] != inputShape[0] || s[1] != inputShape[1]
                || s[2] < 1 || s[3] < 1 || inputShape[2] < 1 || inputShape[3] < 1) {
            throw new IllegalArgumentException("resizeBackward: dy " + Shapes.str(s) + " and input " + Shapes.str(inputShape)
                    + " must be [N, C, H', W'] and [N, C, H, W] with positive sizes");
        }
        Tensor dx = Tensor.zeros(dy.backend(), inputShape);
        dy.backend().resizeBackward(dy.contiguous(), filter, antialias, dx);
        return dx;
    }

    // ---- DiffAugment's translation ---------------------------------------------------------------

    /**
     * See {@link Backend#translate}: x [N, C, H, W] with every sample's content moved by (shiftH[n],
     * shiftW[n]) pixels, zeros where it uncovers the image.
     */
    public static Tensor translate(Tensor x, int[] shiftH, int[] shiftW) {
        int[] s = x.shape();
        if (s.length != 4) {
            throw new IllegalArgumentException("translate: input " + Shapes.str(s) + " must be [N, C, H, W]");
        }
        if (shiftH.length != s[0] || shiftW.length != s[0]) {
            throw new IllegalArgumentException("translate: " + shiftH.length + " vertical and " + shiftW.length
                    + " horizontal shifts for " + s[0] + " samples of " + Shapes.str(s));
        }
        Tensor out = Tensor.zeros(x.backend(), s);
        x.backend().translate(x.contiguous(), shiftH.clone(), shiftW.clone(), out);
        return out;
    }
}
