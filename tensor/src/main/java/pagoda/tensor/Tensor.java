package pagoda.tensor;

import java.util.Arrays;

/**
 * A dense n-dimensional view: a shape, element strides and an offset into a {@link Storage} that belongs
 * to one explicit {@link Backend}. Views (reshape, permute, slice, broadcast) share storage; nothing
 * moves between host and backend except through {@link #of}, {@link #toFloatArray} and their kin.
 * Shapes are NCHW for images. Tensors are immutable as views; their elements are written only by ops.
 */
public final class Tensor {
    private final Storage storage;
    private final int[] shape;
    private final long[] strides;
    private final long offset;

    private Tensor(Storage storage, int[] shape, long[] strides, long offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** A view onto existing storage; strides and offset are checked against the storage's size. */
    public static Tensor view(Storage storage, int[] shape, long[] strides, long offset) {
        int[] s = Shapes.check("view", shape);
        if (strides.length != s.length) {
            throw new IllegalArgumentException("view: shape " + Shapes.str(s) + " has rank " + s.length
                    + " but strides " + Arrays.toString(strides) + " have " + strides.length);
        }
        long lo = offset;
        long hi = offset;
        boolean empty = false;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == 0) {
                empty = true;
            } else if (strides[i] >= 0) {
                hi += strides[i] * (s[i] - 1);
            } else {
                lo += strides[i] * (s[i] - 1);
            }
        }
        if (!empty && (lo < 0 || hi >= storage.numel())) {
            throw new IllegalArgumentException("view: shape " + Shapes.str(s) + " strides " + Arrays.toString(strides)
                    + " offset " + offset + " reach elements [" + lo + ", " + hi + "] outside a storage of "
                    + storage.numel());
        }
        return new Tensor(storage, s, strides.clone(), offset);
    }

    /** A new contiguous zero-filled tensor. */
    public static Tensor zeros(Backend backend, int... shape) {
        int[] s = Shapes.check("zeros", shape);
        return new Tensor(backend.allocate(Shapes.numel(s)), s, Shapes.contiguousStrides(s), 0);
    }

    /** A new contiguous tensor holding {@code data} (row-major), copied host to backend. */
    public static Tensor of(Backend backend, float[] data, int... shape) {
        int[] s = Shapes.check("of", shape);
        if (Shapes.numel(s) != data.length) {
            throw new IllegalArgumentException("of: " + data.length + " values do not fill shape " + Shapes.str(s));
        }
        Tensor t = zeros(backend, s);
        backend.upload(data, 0, t.storage, 0, data.length);
        return t;
    }

    /** As {@link #of(Backend, float[], int...)} from doubles (rounded to float by float32 backends). */
    public static Tensor ofDoubles(Backend backend, double[] data, int... shape) {
        int[] s = Shapes.check("ofDoubles", shape);
        if (Shapes.numel(s) != data.length) {
            throw new IllegalArgumentException("ofDoubles: " + data.length + " values do not fill shape " + Shapes.str(s));
        }
        Tensor t = zeros(backend, s);
        backend.uploadDoubles(data, 0, t.storage, 0, data.length);
        return t;
    }

    /** A 0-dimensional tensor holding one value. */
    public static Tensor scalar(Backend backend, float value) {
        return of(backend, new float[] {value});
    }

    public Backend backend() {
        return storage.backend();
    }

    public Storage storage() {
        return storage;
    }

    public int rank() {
        return shape.length;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** Size of one dimension; negative axes count from the end. */
    public int size(int axis) {
        return shape[Shapes.axis("size", axis, shape.length)];
    }

    public long[] strides() {
        return strides.clone();
    }

    public long stride(int axis) {
        return strides[Shapes.axis("stride", axis, shape.length)];
    }

    public long offset() {
        return offset;
    }

    public long numel() {
        return Shapes.numel(shape);
    }

    /**
     * True when the elements are laid out row-major without gaps (offset may be non-zero). An empty tensor
     * has no elements to lay out and is always contiguous.
     */
    public boolean isContiguous() {
        if (numel() == 0) {
            return true;
        }
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    // ---- views -----------------------------------------------------------------------------------

    /**
     * The same elements under a new shape (one dimension may be -1). A view when the layout allows it
     * (contiguous), otherwise a contiguous copy.
     */
    public Tensor reshape(int... newShape) {
        int[] s = inferShape(newShape);
        Tensor src = isContiguous() ? this : contiguous();
        return new Tensor(src.storage, s, Shapes.contiguousStrides(s), src.offset);
    }

    private int[] inferShape(int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Shapes.str(newShape));
                }
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: negative dimension in " + Shapes.str(newShape));
            } else {
                known *= s[i];
            }
        }
        long n = numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Shapes.str(newShape)
                        + " from shape " + Shapes.str(shape));
            }
            s[infer] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException("reshape: shape " + Shapes.str(shape) + " (" + n
                    + " elements) cannot become " + Shapes.str(newShape) + " (" + known + ")");
        }
        return s;
    }

    /** Reorders dimensions: result dimension i is this tensor's dimension {@code order[i]}. */
    public Tensor permute(int... order) {
        if (order.length != shape.length) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " for shape " + Shapes.str(shape));
        }
        int[] s = new int[order.length];
        long[] st = new long[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int a = Shapes.axis("permute", order[i], shape.length);
            if (seen[a]) {
                throw new IllegalArgumentException("permute: axis " + a + " repeated in " + Arrays.toString(order));
            }
            seen[a] = true;
            s[i] = shape[a];
            st[i] = strides[a];
        }
        return new Tensor(storage, s, st, offset);
    }

    /** Swaps two dimensions. */
    public Tensor transpose(int axis0, int axis1) {
        int a = Shapes.axis("transpose", axis0, shape.length);
        int b = Shapes.axis("transpose", axis1, shape.length);
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Elements {@code start, start + step, ...} below {@code end} along one axis. */
    public Tensor slice(int axis, int start, int end, int step) {
        int a = Shapes.axis("slice", axis, shape.length);
        if (step < 1 || start < 0 || end > shape[a] || start > end) {
            throw new IllegalArgumentException("slice: [" + start + ":" + end + ":" + step + "] of axis " + a
                    + " (size " + shape[a] + ") in shape " + Shapes.str(shape));
        }
        int[] s = shape.clone();
        long[] st = strides.clone();
        s[a] = (end - start + step - 1) / step;
        st[a] = strides[a] * step;
        return new Tensor(storage, s, st, offset + strides[a] * start);
    }

    /** {@code slice(axis, start, end, 1)}. */
    public Tensor slice(int axis, int start, int end) {
        return slice(axis, start, end, 1);
    }

    /** Index {@code i} along an axis, removing that axis. */
    public Tensor select(int axis, int index) {
        int a = Shapes.axis("select", axis, shape.length);
        if (index < 0 || index >= shape[a]) {
            throw new IllegalArgumentException("select: index " + index + " out of range for axis " + a
                    + " of shape " + Shapes.str(shape));
        }
        int[] s = new int[shape.length - 1];
        long[] st = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != a) {
                s[j] = shape[i];
                st[j++] = strides[i];
            }
        }
        return new Tensor(storage, s, st, offset + strides[a] * index);
    }

    /** A broadcast view (stride 0 in stretched dimensions) of this tensor at {@code target}'s shape. */
    public Tensor broadcastTo(int... target) {
        if (target.length < shape.length) {
            throw new IllegalArgumentException("broadcastTo: shape " + Shapes.str(shape) + " cannot broadcast to "
                    + Shapes.str(target));
        }
        int lead = target.length - shape.length;
        long[] st = new long[target.length];
        for (int i = 0; i < target.length; i++) {
            if (i < lead) {
                st[i] = 0;
                continue;
            }
            int d = shape[i - lead];
            if (d == target[i]) {
                st[i] = strides[i - lead];
            } else if (d == 1) {
                st[i] = 0;
            } else {
                throw new IllegalArgumentException("broadcastTo: shape " + Shapes.str(shape) + " cannot broadcast to "
                        + Shapes.str(target));
            }
        }
        return new Tensor(storage, Shapes.check("broadcastTo", target), st, offset);
    }

    /** Inserts a dimension of size 1 at {@code axis} (which may equal the rank). */
    public Tensor unsqueeze(int axis) {
        int a = axis < 0 ? axis + shape.length + 1 : axis;
        if (a < 0 || a > shape.length) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " for rank " + shape.length);
        }
        int[] s = new int[shape.length + 1];
        long[] st = new long[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i == a) {
                s[i] = 1;
                st[i] = i < shape.length ? strides[j] * shape[j] : 1;
            } else {
                s[i] = shape[j];
                st[i] = strides[j++];
            }
        }
        return new Tensor(storage, s, st, offset);
    }

    /** Removes a dimension of size 1. */
    public Tensor squeeze(int axis) {
        int a = Shapes.axis("squeeze", axis, shape.length);
        if (shape[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + a + " has size " + shape[a] + " in " + Shapes.str(shape));
        }
        return select(a, 0);
    }

    /** This tensor if contiguous, else a contiguous copy on the same backend. */
    public Tensor contiguous() {
        if (isContiguous()) {
            return this;
        }
        Tensor out = zeros(backend(), shape);
        backend().copy(this, out);
        return out;
    }

    /** A contiguous copy that shares nothing with this tensor. */
    public Tensor copy() {
        Tensor out = zeros(backend(), shape);
        backend().copy(this, out);
        return out;
    }

    /** The same values on another backend (through the host). */
    public Tensor to(Backend target) {
        if (target == backend()) {
            return this;
        }
        return ofDoubles(target, toDoubleArray(), shape);
    }

    // ---- host transfers --------------------------------------------------------------------------

    /** The elements in row-major order, copied backend to host. */
    public float[] toFloatArray() {
        Tensor c = contiguous();
        long n = c.numel();
        float[] out = new float[hostLength(n)];
        c.backend().download(c.storage, c.offset, out, 0, out.length);
        return out;
    }

    /** The elements in row-major order, widened to double. */
    public double[] toDoubleArray() {
        Tensor c = contiguous();
        long n = c.numel();
        double[] out = new double[hostLength(n)];
        c.backend().downloadDoubles(c.storage, c.offset, out, 0, out.length);
        return out;
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item: tensor of shape " + Shapes.str(shape) + " has " + numel() + " elements");
        }
        return toFloatArray()[0];
    }

    private static int hostLength(long n) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of " + n + " elements does not fit a host array");
        }
        return (int) n;
    }

    @Override
    public String toString() {
        return "Tensor" + Shapes.str(shape) + "@" + backend().name();
    }
}
