package pagoda.autograd;

import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;

/**
 * The differentiable ops. Each forward sits next to its backward rule in one of the family tables
 * ({@link ElementwiseFns}, {@link ShapeFns}, {@link LinearFns}, {@link NnFns}, {@link AugmentFns}); this class is their
 * index. Binary ops broadcast like {@link pagoda.tensor.Ops}; their gradients are summed back to each
 * input's shape. Under {@link NoGrad}, or when no input requires a gradient, nothing is recorded.
 */
public final class Fn {
    private Fn() {
    }

    // ---- element-wise, two inputs ----------------------------------------------------------------

    public static Var add(Var a, Var b) {
        return ElementwiseFns.add(a, b);
    }

    public static Var sub(Var a, Var b) {
        return ElementwiseFns.sub(a, b);
    }

    public static Var mul(Var a, Var b) {
        return ElementwiseFns.mul(a, b);
    }

    public static Var div(Var a, Var b) {
        return ElementwiseFns.div(a, b);
    }

    // ---- element-wise with scalars ---------------------------------------------------------------

    public static Var add(Var x, float value) {
        return ElementwiseFns.affine(x, 1f, value);
    }

    public static Var mul(Var x, float value) {
        return ElementwiseFns.affine(x, value, 0f);
    }

    /** {@code scale * x + shift}. */
    public static Var affine(Var x, float scale, float shift) {
        return ElementwiseFns.affine(x, scale, shift);
    }

    /** {@code x ^ exponent}. */
    public static Var pow(Var x, float exponent) {
        return ElementwiseFns.pow(x, exponent);
    }

    // ---- element-wise, one input -----------------------------------------------------------------

    public static Var neg(Var x) {
        return ElementwiseFns.neg(x);
    }

    public static Var exp(Var x) {
        return ElementwiseFns.exp(x);
    }

    public static Var log(Var x) {
        return ElementwiseFns.log(x);
    }

    public static Var sqrt(Var x) {
        return ElementwiseFns.sqrt(x);
    }

    public static Var rsqrt(Var x) {
        return ElementwiseFns.rsqrt(x);
    }

    public static Var square(Var x) {
        return ElementwiseFns.square(x);
    }

    public static Var abs(Var x) {
        return ElementwiseFns.abs(x);
    }

    public static Var tanh(Var x) {
        return ElementwiseFns.tanh(x);
    }

    public static Var sigmoid(Var x) {
        return ElementwiseFns.sigmoid(x);
    }

    public static Var relu(Var x) {
        return ElementwiseFns.relu(x);
    }

    public static Var silu(Var x) {
        return ElementwiseFns.silu(x);
    }

    public static Var leakyRelu(Var x, float slope) {
        return ElementwiseFns.leakyRelu(x, slope);
    }

    public static Var clamp(Var x, float lo, float hi) {
        return ElementwiseFns.clamp(x, lo, hi);
    }

    // ---- reductions ------------------------------------------------------------------------------

    /** Sum over {@code axes} (none: all), dropping them. */
    public static Var sum(Var x, int... axes) {
        return ShapeFns.sum(x, false, axes);
    }

    public static Var sumKeep(Var x, int... axes) {
        return ShapeFns.sum(x, true, axes);
    }

    /** Mean over {@code axes} (none: all), dropping them. */
    public static Var mean(Var x, int... axes) {
        return ShapeFns.mean(x, false, axes);
    }

    public static Var meanKeep(Var x, int... axes) {
        return ShapeFns.mean(x, true, axes);
    }

    // ---- shapes ----------------------------------------------------------------------------------

    public static Var reshape(Var x, int... shape) {
        return ShapeFns.reshape(x, shape);
    }

    public static Var permute(Var x, int... order) {
        return ShapeFns.permute(x, order);
    }

    public static Var transpose(Var x, int a, int b) {
        return ShapeFns.transpose(x, a, b);
    }

    /** Elements {@code start} (inclusive) to {@code end} (exclusive) along an axis. */
    public static Var slice(Var x, int axis, int start, int end) {
        return ShapeFns.slice(x, axis, start, end);
    }

    public static Var cat(int axis, Var... parts) {
        return ShapeFns.cat(axis, parts);
    }

    public static Var[] split(Var x, int axis, int... sizes) {
        return ShapeFns.split(x, axis, sizes);
    }

    // ---- linear algebra and convolution ----------------------------------------------------------

    /** Batched {@code a @ b}, as {@link pagoda.tensor.Ops#matmul}. */
    public static Var matmul(Var a, Var b) {
        return LinearFns.matmul(a, b);
    }

    /** {@code x w^T + b}: x [N, I] (or [..., I]), w [O, I], b [O] or null. */
    public static Var linear(Var x, Var w, Var b) {
        return LinearFns.linear(x, w, b);
    }

    /** x [N, C, H, W], w [K, C, R, S], b [K] or null. */
    public static Var conv2d(Var x, Var w, Var b, Conv2dSpec spec) {
        return LinearFns.conv2d(x, w, b, spec);
    }

    // ---- resampling ------------------------------------------------------------------------------

    /** See {@link pagoda.tensor.NnOps#firDown}. */
    public static Var firDown(Var x, float[] filter, int k, int pad, float gain) {
        return NnFns.firDown(x, filter, k, pad, gain);
    }

    /** See {@link pagoda.tensor.NnOps#firUp}. */
    public static Var firUp(Var x, float[] filter, int k, int pad, float gain, int outH, int outW) {
        return NnFns.firUp(x, filter, k, pad, gain, outH, outW);
    }

    /** [N, C, H, W] to [N, C, 2H, 2W], each pixel repeated on a 2x2 block. */
    public static Var upsampleNearest2x(Var x) {
        return NnFns.upsampleNearest2x(x);
    }

    /** [N, C, H, W] to [N, C, H/2, W/2] (rounded down), the mean of each 2x2 block. */
    public static Var avgPool2x(Var x) {
        return NnFns.avgPool2x(x);
    }

    public static Var resize(Var x, int outH, int outW, ResizeFilter filter, boolean antialias) {
        return NnFns.resize(x, outH, outW, filter, antialias);
    }

    // ---- normalisation, softmax, attention, dropout ----------------------------------------------

    /** gamma and beta [C], either may be null. */
    public static Var groupNorm(Var x, Var gamma, Var beta, int groups, float eps) {
        return NnFns.groupNorm(x, gamma, beta, groups, eps);
    }

    /**
     * Batch norm with the batch's statistics (training mode): per channel of x [N, C, *], mean and biased
     * variance over N and all positions, as {@code torch.nn.functional.batch_norm(training=True)}.
     * gamma and beta [C], either may be null.
     */
    public static Var batchNorm(Var x, Var gamma, Var beta, float eps) {
        return NnFns.batchNorm(x, gamma, beta, eps).out();
    }

    /** {@link #batchNorm}, also returning the batch mean and biased variance [C] for running averages. */
    public static BatchNormOutput batchNormWithStats(Var x, Var gamma, Var beta, float eps) {
        return NnFns.batchNorm(x, gamma, beta, eps);
    }

    /**
     * Batch norm with given statistics (inference mode): {@code (x - mean) / sqrt(var + eps) * gamma + beta}
     * per channel; mean and var [C] are constants, gamma and beta [C] may be null.
     */
    public static Var batchNormEval(Var x, Var gamma, Var beta, Tensor mean, Tensor var, float eps) {
        return NnFns.batchNormEval(x, gamma, beta, mean, var, eps);
    }

    public static Var softmax(Var x, int axis) {
        return NnFns.softmax(x, axis);
    }

    /** q [B, C, Lq], k and v [B, C, Lk] as {@link pagoda.tensor.NnOps#attention}; out [B, C, Lq]. */
    public static Var attention(Var q, Var k, Var v) {
        return NnFns.attention(q, k, v);
    }

    /** Inverted dropout with a Philox mask keyed by (seed, offset); identity when not training or p == 0. */
    public static Var dropout(Var x, float p, long seed, long offset, boolean training) {
        return NnFns.dropout(x, p, seed, offset, training);
    }

    // ---- DiffAugment's geometric ops -------------------------------------------------------------

    /**
     * Moves the content of sample n of x [N, C, H, W] by (shiftH[n], shiftW[n]) pixels (down and right
     * for positive shifts), filling with zeros; see {@link pagoda.tensor.NnOps#translate}.
     */
    public static Var translate(Var x, int[] shiftH, int[] shiftW) {
        return AugmentFns.translate(x, shiftH, shiftW);
    }

    /**
     * Zeroes a height x width rectangle at (top[n], left[n]) in every channel of sample n of x [N, C, H, W],
     * clipped to the image (corners may lie outside).
     */
    public static Var cutout(Var x, int[] top, int[] left, int height, int width) {
        return AugmentFns.cutout(x, top, left, height, width);
    }
}
