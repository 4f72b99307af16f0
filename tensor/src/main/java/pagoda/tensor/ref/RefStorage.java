package pagoda.tensor.ref;

import pagoda.tensor.Backend;
import pagoda.tensor.Storage;
import pagoda.tensor.Tensor;

/**
 * Heap float64 storage of the reference backend, and the one place where its ops meet strides: every op
 * reads its inputs with {@link #read} into row-major arrays and writes its result with {@link #write},
 * so the kernels index plain arrays and any view (offsets, negative or zero strides) works everywhere.
 */
final class RefStorage extends Storage {
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    final double[] data;

    RefStorage(Backend backend, long numel) {
        super(backend, numel);
        if (numel < 0 || numel > MAX_ELEMENTS) {
            throw new IllegalArgumentException(backend.name() + ": a storage of " + numel
                    + " elements is outside the reference backend's range [0, " + MAX_ELEMENTS + "]");
        }
        this.data = new double[(int) numel];
    }

    static double[] data(Tensor t) {
        return ((RefStorage) t.storage()).data;
    }

    /** The elements of any view of t, in row-major order of its shape. */
    static double[] read(Tensor t) {
        double[] src = data(t);
        int[] shape = t.shape();
        long[] strides = t.strides();
        double[] out = new double[Math.toIntExact(t.numel())];
        for (int e = 0; e < out.length; e++) {
            out[e] = src[index(e, shape, strides, t.offset())];
        }
        return out;
    }

    /** Writes {@code values} (row-major) into the view t, which must not overlap itself. */
    static void write(Tensor t, double[] values) {
        double[] dst = data(t);
        int[] shape = t.shape();
        long[] strides = t.strides();
        for (int e = 0; e < values.length; e++) {
            dst[index(e, shape, strides, t.offset())] = values[e];
        }
    }

    /** The storage index of row-major element {@code e}: its coordinates, last axis fastest, times the strides. */
    private static int index(int e, int[] shape, long[] strides, long offset) {
        long at = offset;
        int rest = e;
        for (int d = shape.length - 1; d >= 0; d--) {
            at += (rest % shape[d]) * strides[d];
            rest /= shape[d];
        }
        return (int) at;
    }
}
