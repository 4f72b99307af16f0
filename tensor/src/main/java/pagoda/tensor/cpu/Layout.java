package pagoda.tensor.cpu;

import pagoda.tensor.Tensor;

/**
 * The iteration space shared by several strided views of one shape (element-wise ops, copies, fills):
 * dimensions of size 1 dropped and neighbours merged wherever every view allows, so that a contiguous
 * tensor becomes one run, a per-channel operand [N, C, 1, 1] of an NCHW op a run of H*W with stride 0,
 * and so on. Elements are visited in row-major order of the shape; the innermost dimension is the run
 * the kernels vectorise.
 */
final class Layout {
    final int rank;
    final int[] shape;
    /** strides[view][dim], in elements. */
    final long[][] strides;
    final long[] offsets;
    final long numel;

    private Layout(int[] shape, long[][] strides, long[] offsets, long numel) {
        this.rank = shape.length;
        this.shape = shape;
        this.strides = strides;
        this.offsets = offsets;
        this.numel = numel;
    }

    /** The merged iteration space of {@code views}, which all have the shape of the first. */
    static Layout of(Tensor[] views) {
        int[] full = views[0].shape();
        long[][] st = new long[views.length][];
        long[] off = new long[views.length];
        for (int v = 0; v < views.length; v++) {
            st[v] = views[v].strides();
            off[v] = views[v].offset();
        }
        long numel = 1;
        for (int d : full) {
            numel *= d;
        }
        int[] shape = new int[full.length];
        long[][] strides = new long[views.length][full.length];
        int r = 0;
        for (int d = full.length - 1; d >= 0; d--) {
            if (full[d] == 1) {
                continue;
            }
            if (r > 0 && mergeable(st, d, strides, shape, r - 1)) {
                shape[r - 1] *= full[d];
                continue;
            }
            shape[r] = full[d];
            for (int v = 0; v < views.length; v++) {
                strides[v][r] = st[v][d];
            }
            r++;
        }
        if (r == 0) {
            return new Layout(new int[] {1}, new long[views.length][1], off, numel);
        }
        int[] s = new int[r];
        long[][] t = new long[views.length][r];
        for (int i = 0; i < r; i++) {
            s[i] = shape[r - 1 - i];
            for (int v = 0; v < views.length; v++) {
                t[v][i] = strides[v][r - 1 - i];
            }
        }
        return new Layout(s, t, off, numel);
    }

    /** Dimension d folds into the already merged inner dimension when every view steps over it uniformly. */
    private static boolean mergeable(long[][] st, int d, long[][] merged, int[] mergedShape, int inner) {
        for (int v = 0; v < st.length; v++) {
            if (st[v][d] != merged[v][inner] * mergedShape[inner]) {
                return false;
            }
        }
        return true;
    }

    /** Length of the innermost run. */
    int inner() {
        return shape[rank - 1];
    }

    long innerStride(int view) {
        return strides[view][rank - 1];
    }

    /**
     * A position in the row-major walk, with the element offset of every view. One per task: it holds
     * the multi-index, so it is not shared between threads.
     */
    final class Cursor {
        private final int[] index = new int[rank];
        private final long[] at = new long[offsets.length];

        /** Positioned at row-major element {@code start}. */
        Cursor(long start) {
            long rest = start;
            for (int d = rank - 1; d >= 0; d--) {
                index[d] = (int) (rest % shape[d]);
                rest /= shape[d];
            }
            for (int v = 0; v < at.length; v++) {
                long o = offsets[v];
                for (int d = 0; d < rank; d++) {
                    o += index[d] * strides[v][d];
                }
                at[v] = o;
            }
        }

        /** The elements left in the current run, at most {@code limit}. */
        int run(long limit) {
            return (int) Math.min(shape[rank - 1] - index[rank - 1], limit);
        }

        /** The current element's offset in view {@code v}'s storage. */
        int offset(int v) {
            return (int) at[v];
        }

        /** Steps {@code n} elements forward within the current run, carrying into outer dimensions at its end. */
        void advance(int n) {
            int d = rank - 1;
            index[d] += n;
            for (int v = 0; v < at.length; v++) {
                at[v] += n * strides[v][d];
            }
            while (d > 0 && index[d] == shape[d]) {
                for (int v = 0; v < at.length; v++) {
                    at[v] += strides[v][d - 1] - (long) shape[d] * strides[v][d];
                }
                index[d] = 0;
                d--;
                index[d]++;
            }
        }
    }
}
