package pagoda.eval;

import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Max and average pooling over k x k windows of [N, C, H, W], as PyTorch's {@code max_pool2d} and
 * {@code avg_pool2d}, composed from tensor-layer views: the (padded) input is sliced into the k^2
 * strided views that hold each window's elements, and those are combined element-wise. Forward only.
 */
final class Pooling {
    private Pooling() {
    }

    /** Max over k x k windows; padding counts as minus infinity (never chosen). */
    static Tensor max(Tensor x, int k, int stride, int pad) {
        Tensor p = pad(x, pad, Float.NEGATIVE_INFINITY);
        Tensor out = null;
        for (Tensor v : windows(p, k, stride)) {
            out = out == null ? v.contiguous() : Ops.maximum(out, v);
        }
        return out;
    }

    /** Mean over k x k windows of the elements inside the image: padding is not counted ({@code count_include_pad=False}). */
    static Tensor averageExcludingPadding(Tensor x, int k, int stride, int pad) {
        Tensor sum = null;
        for (Tensor v : windows(pad(x, pad, 0f), k, stride)) {
            sum = sum == null ? v.contiguous() : Ops.add(sum, v);
        }
        int oh = sum.size(2);
        int ow = sum.size(3);
        float[] count = new float[oh * ow];
        for (int i = 0; i < oh; i++) {
            int rows = inside(i * stride - pad, k, x.size(2));
            for (int j = 0; j < ow; j++) {
                count[i * ow + j] = rows * inside(j * stride - pad, k, x.size(3));
            }
        }
        return Ops.div(sum, Tensor.of(x.backend(), count, 1, 1, oh, ow));
    }

    /** How many of the positions [start, start + k) lie in [0, size). */
    private static int inside(int start, int k, int size) {
        return Math.min(start + k, size) - Math.max(start, 0);
    }

    /** The k^2 views [N, C, OH, OW] whose element (i, j) is offset (dy, dx) of window (i, j). */
    private static Tensor[] windows(Tensor x, int k, int stride) {
        int h = x.size(2);
        int w = x.size(3);
        if (h < k || w < k) {
            throw new IllegalArgumentException("pooling: a " + k + "x" + k + " window does not fit " + h + "x" + w);
        }
        int oh = (h - k) / stride + 1;
        int ow = (w - k) / stride + 1;
        Tensor[] out = new Tensor[k * k];
        for (int dy = 0; dy < k; dy++) {
            for (int dx = 0; dx < k; dx++) {
                out[dy * k + dx] = x.slice(2, dy, dy + (oh - 1) * stride + 1, stride)
                        .slice(3, dx, dx + (ow - 1) * stride + 1, stride);
            }
        }
        return out;
    }

    /** x with {@code pad} rows and columns of {@code value} on every side. */
    private static Tensor pad(Tensor x, int pad, float value) {
        if (pad == 0) {
            return x;
        }
        int[] s = x.shape();
        Tensor rows = Ops.full(x.backend(), value, s[0], s[1], pad, s[3]);
        Tensor tall = Ops.cat(2, rows, x, rows);
        Tensor cols = Ops.full(x.backend(), value, s[0], s[1], s[2] + 2 * pad, pad);
        return Ops.cat(3, cols, tall, cols);
    }
}
