package pagoda.cuda.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code View} struct of common.cuh (rank, offset, shape[8], stride[8], all 64-bit) and the merging of
 * dimensions that keeps most views at rank 1 or 2, where the kernels' index arithmetic is cheap.
 */
public final class View {
    public static final int MAX_RANK = 8;

    private View() {
    }

    /** Shapes and strides of several views of one row-major index space, after merging (see {@link #merge}). */
    public record Merged(long[] shape, long[][] strides) {
        public int rank() {
            return shape.length;
        }

        /** True when view {@code v} is row-major contiguous over the merged shape (rank 0 or 1 with stride 1). */
        public boolean contiguous(int v) {
            return shape.length == 0 || (shape.length == 1 && strides[v][0] == 1);
        }

        /** The struct of view {@code v} at storage offset {@code offset}. */
        public long[] struct(int v, long offset) {
            if (shape.length > MAX_RANK) {
                throw new UnsupportedOperationException("cuda: a view of " + shape.length
                        + " dimensions that cannot be merged exceeds the kernels' limit of " + MAX_RANK);
            }
            long[] s = new long[2 + 2 * MAX_RANK];
            s[0] = shape.length;
            s[1] = offset;
            for (int d = 0; d < shape.length; d++) {
                s[2 + d] = shape[d];
                s[2 + MAX_RANK + d] = strides[v][d];
            }
            return s;
        }
    }

    /**
     * Merges the dimensions of {@code shape} for every stride set at once: size-1 dimensions are dropped,
     * and dimension d joins dimension d + 1 when, in every view, stride[d] == stride[d + 1] * shape[d + 1]. The
     * row-major order of the elements is kept, so element i of the merged views is element i of the originals.
     */
    public static Merged merge(int[] shape, long[]... strides) {
        List<Long> sizes = new ArrayList<>();
        List<long[]> steps = new ArrayList<>();
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            long[] st = new long[strides.length];
            for (int v = 0; v < strides.length; v++) {
                st[v] = strides[v][d];
            }
            int last = sizes.size() - 1;
            if (last >= 0 && joins(st, steps.get(last), sizes.get(last))) {
                sizes.set(last, sizes.get(last) * shape[d]);
            } else {
                sizes.add((long) shape[d]);
                steps.add(st);
            }
        }
        int rank = sizes.size();
        long[] mergedShape = new long[rank];
        long[][] mergedStrides = new long[strides.length][rank];
        for (int i = 0; i < rank; i++) {
            mergedShape[i] = sizes.get(rank - 1 - i);
            for (int v = 0; v < strides.length; v++) {
                mergedStrides[v][i] = steps.get(rank - 1 - i)[v];
            }
        }
        return new Merged(mergedShape, mergedStrides);
    }

    private static boolean joins(long[] outer, long[] inner, long innerSize) {
        for (int v = 0; v < outer.length; v++) {
            if (outer[v] != inner[v] * innerSize) {
                return false;
            }
        }
        return true;
    }

    /** Row-major strides of a contiguous tensor of {@code shape}. */
    public static long[] contiguous(int[] shape) {
        long[] s = new long[shape.length];
        long at = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = at;
            at *= Math.max(shape[d], 1);
        }
        return s;
    }
}
