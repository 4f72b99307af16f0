package pagoda.tensor;

import java.util.Arrays;

/**
 * Element-wise ops with broadcasting, reductions, matrix products, concatenation and random draws:
 * shape checks, output allocation, and dispatch to the tensors' backend. Every failed check is an
 * {@link IllegalArgumentException} naming the op and the shapes.
 */
public final class Ops {
    private Ops() {
    }

    // ---- element-wise, one input -----------------------------------------------------------------

    public static Tensor unary(UnaryOp op, Tensor x, float p0, float p1) {
        Tensor in = x.contiguous();
        Tensor out = Tensor.zeros(x.backend(), x.shape());
        x.backend().unary(op, in, p0, p1, out);
        return out;
    }

    public static Tensor neg(Tensor x) {
        return unary(UnaryOp.NEG, x, 0, 0);
    }

    public static Tensor exp(Tensor x) {
        return unary(UnaryOp.EXP, x, 0, 0);
    }

    public static Tensor log(Tensor x) {
        return unary(UnaryOp.LOG, x, 0, 0);
    }

    public static Tensor sqrt(Tensor x) {
        return unary(UnaryOp.SQRT, x, 0, 0);
    }

    public static Tensor rsqrt(Tensor x) {
        return unary(UnaryOp.RSQRT, x, 0, 0);
    }

    public static Tensor square(Tensor x) {
        return unary(UnaryOp.SQUARE, x, 0, 0);
    }

    public static Tensor abs(Tensor x) {
        return unary(UnaryOp.ABS, x, 0, 0);
    }

    public static Tensor tanh(Tensor x) {
        return unary(UnaryOp.TANH, x, 0, 0);
    }

    public static Tensor sigmoid(Tensor x) {
        return unary(UnaryOp.SIGMOID, x, 0, 0);
    }

    public static Tensor relu(Tensor x) {
        return unary(UnaryOp.RELU, x, 0, 0);
    }

    public static Tensor leakyRelu(Tensor x, float slope) {
        return unary(UnaryOp.LEAKY_RELU, x, slope, 0);
    }

    public static Tensor silu(Tensor x) {
        return unary(UnaryOp.SILU, x, 0, 0);
    }

    /** The derivative of SiLU, element-wise. */
    public static Tensor siluGrad(Tensor x) {
        return unary(UnaryOp.SILU_GRAD, x, 0, 0);
    }

    public static Tensor clamp(Tensor x, float lo, float hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " above upper bound " + hi);
        }
        return unary(UnaryOp.CLAMP, x, lo, hi);
    }

    public static Tensor pow(Tensor x, float exponent) {
        return unary(UnaryOp.POW, x, exponent, 0);
    }

    /** {@code scale * x + shift}. */
    public static Tensor affine(Tensor x, float scale, float shift) {
        return unary(UnaryOp.AFFINE, x, scale, shift);
    }

    public static Tensor add(Tensor x, float value) {
        return affine(x, 1, value);
    }

    public static Tensor mul(Tensor x, float value) {
        return affine(x, value, 0);
    }

    // ---- element-wise, two inputs ----------------------------------------------------------------

    public static Tensor binary(BinaryOp op, Tensor a, Tensor b, float p0, float p1) {
        sameBackend(op.name().toLowerCase(), a, b);
        int[] shape = Shapes.broadcast(op.name().toLowerCase(), a.shape(), b.shape());
        Tensor out = Tensor.zeros(a.backend(), shape);
        a.backend().binary(op, a.broadcastTo(shape), b.broadcastTo(shape), p0, p1, out);
        return out;
    }

    public static Tensor add(Tensor a, Tensor b) {
        return binary(BinaryOp.ADD, a, b, 0, 0);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return binary(BinaryOp.SUB, a, b, 0, 0);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return binary(BinaryOp.MUL, a, b, 0, 0);
    }

    public static Tensor div(Tensor a, Tensor b) {
        return binary(BinaryOp.DIV, a, b, 0, 0);
    }

    public static Tensor pow(Tensor a, Tensor b) {
        return binary(BinaryOp.POW, a, b, 0, 0);
    }

    public static Tensor maximum(Tensor a, Tensor b) {
        return binary(BinaryOp.MAXIMUM, a, b, 0, 0);
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        return binary(BinaryOp.MINIMUM, a, b, 0, 0);
    }

    // ---- reductions ------------------------------------------------------------------------------

    /**
     * Reduces over {@code axes} (any order, negative allowed; none means all). With {@code keepDims}
     * the reduced dimensions stay as size 1.
     */
    public static Tensor reduce(ReduceOp op, Tensor x, float p0, boolean keepDims, int... axes) {
        String name = op.name().toLowerCase();
        int rank = x.rank();
        boolean[] reduced = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
        }
        for (int a : axes) {
            int r = Shapes.axis(name, a, rank);
            if (reduced[r] && axes.length > 0) {
                throw new IllegalArgumentException(name + ": axis " + a + " repeated in " + Arrays.toString(axes));
            }
            reduced[r] = true;
        }
        int[] shape = x.shape();
        int[] kept = shape.clone();
        int count = 0;
        long n = 1;
        for (int i = 0; i < rank; i++) {
            if (reduced[i]) {
                kept[i] = 1;
                count++;
                n *= shape[i];
            }
        }
        if (n == 0 && (op == ReduceOp.MAX || op == ReduceOp.MIN || op == ReduceOp.MEAN || op == ReduceOp.VAR)) {
            throw new IllegalArgumentException(name + ": reduction over an empty extent of shape " + Shapes.str(shape));
        }
        int[] sorted = new int[count];
        for (int i = 0, j = 0; i < rank; i++) {
            if (reduced[i]) {
                sorted[j++] = i;
            }
        }
        Tensor out = Tensor.zeros(x.backend(), kept);
        x.backend().reduce(op, x.contiguous(), sorted, p0, out);
        if (keepDims) {
            return out;
        }
        int[] dropped = new int[rank - count];
        for (int i = 0, j = 0; i < rank; i++) {
            if (!reduced[i]) {
                dropped[j++] = shape[i];
            }
        }
        return out.reshape(dropped);
    }

    public static Tensor sum(Tensor x, int... axes) {
        return reduce(ReduceOp.SUM, x, 0, false, axes);
    }

    public static Tensor mean(Tensor x, int... axes) {
        return reduce(ReduceOp.MEAN, x, 0, false, axes);
    }

    public static Tensor max(Tensor x, int... axes) {
        return reduce(ReduceOp.MAX, x, 0, false, axes);
    }

    /** Variance with the given correction (0: population, 1: unbiased), as torch.var. */
    public static Tensor var(Tensor x, int correction, int... axes) {
        return reduce(ReduceOp.VAR, x, correction, false, axes);
    }

    /** The sum of x over the dimensions that broadcasting stretched to reach x's shape from {@code shape}. */
    public static Tensor sumToShape(Tensor x, int[] shape) {
        int[] xs = x.shape();
        if (Arrays.equals(xs, shape)) {
            return x;
        }
        int lead = xs.length - shape.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumToShape: " + Shapes.str(xs) + " has lower rank than " + Shapes.str(shape));
        }
        int[] axes = new int[xs.length];
        int n = 0;
        for (int i = 0; i < xs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && xs[i] != 1)) {
                axes[n++] = i;
            } else if (shape[i - lead] != xs[i]) {
                throw new IllegalArgumentException("sumToShape: " + Shapes.str(xs) + " does not broadcast from " + Shapes.str(shape));
            }
        }
        Tensor s = reduce(ReduceOp.SUM, x, 0, true, Arrays.copyOf(axes, n));
        return s.reshape(shape);
    }

    // ---- matrix products -------------------------------------------------------------------------

    /**
     * {@code a @ b} for a [..., M, K] and b [..., K, N] with broadcast batch dimensions; a transposed
     * operand is a view ({@code x.transpose(-1, -2)}) and costs no copy.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        sameBackend("matmul", a, b);
        if (a.rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException("matmul: operands need rank >= 2, got " + Shapes.str(a.shape())
                    + " and " + Shapes.str(b.shape()));
        }
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        if (b.size(-2) != k) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + Shapes.str(a.shape())
                    + " @ " + Shapes.str(b.shape()));
        }
        int[] batch = Shapes.broadcast("matmul", Arrays.copyOf(a.shape(), a.rank() - 2), Arrays.copyOf(b.shape(), b.rank() - 2));
        int batchSize = (int) Shapes.numel(batch);
        Tensor a3 = batched(a.broadcastTo(concat(batch, m, k)), batchSize, m, k);
        Tensor b3 = batched(b.broadcastTo(concat(batch, k, n)), batchSize, k, n);
        Tensor c = Tensor.zeros(a.backend(), batchSize, m, n);
        a.backend().matmul(a3, b3, 1f, 0f, c);
        return c.reshape(concat(batch, m, n));
    }

    /** Views x [..., R, C] as [B, R, C] without copying when the batch dimensions collapse to one stride. */
    private static Tensor batched(Tensor x, int batchSize, int rows, int cols) {
        int r = x.rank();
        long[] st = x.strides();
        int[] sh = x.shape();
        long batchStride = 0;
        long expected = -1;
        boolean collapsible = true;
        for (int i = r - 3; i >= 0 && collapsible; i--) {
            if (sh[i] == 1) {
                continue;
            }
            if (expected >= 0 && st[i] != expected) {
                collapsible = false;
            } else {
                if (expected < 0) {
                    batchStride = st[i];
                }
                expected = st[i] * sh[i];
            }
        }
        if (!collapsible) {
            x = x.contiguous();
            st = x.strides();
            batchStride = (long) rows * cols;
        }
        return Tensor.view(x.storage(), new int[] {batchSize, rows, cols},
                new long[] {batchStride, st[r - 2], st[r - 1]}, x.offset());
    }

    private static int[] concat(int[] head, int x, int y) {
        int[] s = Arrays.copyOf(head, head.length + 2);
        s[head.length] = x;
        s[head.length + 1] = y;
        return s;
    }

    // ---- concatenation and splitting -------------------------------------------------------------

    /** Joins tensors along an axis; all other dimensions must agree. */
    public static Tensor cat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("cat: no tensors");
        }
        int rank = parts[0].rank();
        int a = Shapes.axis("cat", axis, rank);
        int[] shape = parts[0].shape();
        int total = 0;
        for (Tensor p : parts) {
            sameBackend("cat", parts[0], p);
            int[] s = p.shape();
            boolean ok = s.length == rank;
            for (int i = 0; ok && i < rank; i++) {
                ok = i == a || s[i] == shape[i];
            }
            if (!ok) {
                StringBuilder all = new StringBuilder();
                for (Tensor q : parts) {
                    all.append(all.isEmpty() ? "" : ", ").append(Shapes.str(q.shape()));
                }
                throw new IllegalArgumentException("cat: shapes " + all + " differ outside axis " + a);
            }
            total += s[a];
        }
        shape[a] = total;
        Tensor out = Tensor.zeros(parts[0].backend(), shape);
        int at = 0;
        for (Tensor p : parts) {
            int len = p.size(a);
            parts[0].backend().copy(p, out.slice(a, at, at + len));
            at += len;
        }
        return out;
    }

    /** Views of consecutive pieces of x along an axis with the given sizes (which must add up). */
    public static Tensor[] split(Tensor x, int axis, int... sizes) {
        int a = Shapes.axis("split", axis, x.rank());
        int total = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            }
            total += s;
        }
        if (total != x.size(a)) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " add to " + total
                    + " but axis " + a + " of " + Shapes.str(x.shape()) + " has " + x.size(a));
        }
        Tensor[] out = new Tensor[sizes.length];
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = x.slice(a, at, at + sizes[i]);
            at += sizes[i];
        }
        return out;
    }

    // ---- filling and random draws ----------------------------------------------------------------

    public static Tensor full(Backend backend, float value, int... shape) {
        Tensor t = Tensor.zeros(backend, shape);
        backend.fill(t, value);
        return t;
    }

    /** Uniform draws in [lo, hi) from the Philox stream (seed, offset); see {@link Backend#random}. */
    public static Tensor uniform(Backend backend, long seed, long offset, float lo, float hi, int... shape) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException("uniform: empty range [" + lo + ", " + hi + ")");
        }
        Tensor t = Tensor.zeros(backend, shape);
        backend.random(t, false, seed, offset, lo, hi);
        return t;
    }

    /** Normal draws from the Philox stream (seed, offset); see {@link Backend#random}. */
    public static Tensor normal(Backend backend, long seed, long offset, float mean, float std, int... shape) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal: standard deviation " + std + " is negative");
        }
        Tensor t = Tensor.zeros(backend, shape);
        backend.random(t, true, seed, offset, mean, std);
        return t;
    }

    static void sameBackend(String op, Tensor a, Tensor b) {
        if (a.backend() != b.backend()) {
            throw new IllegalArgumentException(op + ": operands on different backends (" + a.backend().name()
                    + " and " + b.backend().name() + "); move one with Tensor.to(backend)");
        }
    }
}
