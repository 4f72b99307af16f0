package pagoda.tests;

import java.util.Arrays;
import pagoda.tensor.Backend;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/**
 * How an input is laid out in memory on the backend under test. The logical values are always the same;
 * the non-contiguous layouts exercise the front ends' views (which make inputs contiguous before a
 * kernel that needs it) and the kernels that take strided operands directly (matmul, copy).
 */
enum Layout {
    /** Row-major, no gaps: the kernel sees the caller's tensor itself. */
    CONTIGUOUS("contiguous inputs"),
    /** Stored with every axis reversed and viewed back through {@link Tensor#permute}. */
    TRANSPOSED("permuted-view inputs"),
    /**
     * Every other element of a wider last axis, starting at offset 1, with NaN in the gaps: a kernel
     * that reads outside the view turns its output into NaN and fails.
     */
    STRIDED("strided-slice inputs");

    private final String label;

    Layout(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** True when this layout gives a tensor of this shape a non-contiguous view (rank 0, or rank 1 transposed, does not). */
    boolean changes(int[] shape) {
        long n = Shapes.numel(shape);
        return switch (this) {
            case CONTIGUOUS -> false;
            case TRANSPOSED -> shape.length >= 2 && n > 1;
            case STRIDED -> shape.length >= 1 && n > 0;
        };
    }

    /** A view on {@code backend} whose logical elements are {@code h}'s values. */
    Tensor place(Backend backend, HostTensor h) {
        if (!changes(h.shape())) {
            return h.onto(backend);
        }
        int[] shape = h.shape();
        int r = shape.length;
        return switch (this) {
            case CONTIGUOUS -> h.onto(backend);
            case TRANSPOSED -> {
                int[] reversed = new int[r];
                int[] order = new int[r];
                for (int i = 0; i < r; i++) {
                    reversed[i] = shape[r - 1 - i];
                    order[i] = r - 1 - i;
                }
                long[] ps = Shapes.contiguousStrides(reversed);
                long[] logical = new long[r];
                for (int i = 0; i < r; i++) {
                    logical[i] = ps[r - 1 - i];
                }
                float[] phys = new float[h.data().length];
                scatter(h, logical, 0, phys);
                yield Tensor.of(backend, phys, reversed).permute(order);
            }
            case STRIDED -> {
                int last = shape[r - 1];
                int[] wide = shape.clone();
                wide[r - 1] = 2 * last + 1;
                long[] logical = Shapes.contiguousStrides(wide);
                logical[r - 1] = 2;
                float[] phys = new float[Math.toIntExact(Shapes.numel(wide))];
                Arrays.fill(phys, Float.NaN);
                scatter(h, logical, 1, phys);
                yield Tensor.of(backend, phys, wide).slice(r - 1, 1, 2 * last + 1, 2);
            }
        };
    }

    /** Writes h's row-major elements to {@code phys} at {@code offset + sum coord_i * strides_i}. */
    private static void scatter(HostTensor h, long[] strides, long offset, float[] phys) {
        int[] shape = h.shape();
        float[] v = h.data();
        for (int e = 0; e < v.length; e++) {
            long at = offset;
            int rest = e;
            for (int d = shape.length - 1; d >= 0; d--) {
                at += (rest % shape[d]) * strides[d];
                rest /= shape[d];
            }
            phys[(int) at] = v[e];
        }
    }
}
