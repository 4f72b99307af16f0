package pagoda.cuda.kernels;

import pagoda.cuda.Gpu;

/** Launch sizes of the grid-stride kernels. */
final class Grid {
    static final int THREADS = 256;

    private Grid() {
    }

    /** Blocks of {@link #THREADS} for {@code work} items: enough to cover them, at most 32 per multiprocessor (the loop does the rest). */
    static int blocks(Gpu gpu, long work) {
        long cover = (work + THREADS - 1) / THREADS;
        return (int) Math.max(1, Math.min(cover, 32L * gpu.device().multiprocessors()));
    }

    /** ceil(a / b) as a grid dimension. */
    static int ceil(long a, int b) {
        long c = (a + b - 1) / b;
        if (c > Integer.MAX_VALUE) {
            throw new UnsupportedOperationException("cuda: a grid of " + c + " blocks along one axis");
        }
        return (int) Math.max(1, c);
    }

    /** An extent the kernels index with 32-bit integers. */
    static int int32(String what, long v) {
        if (v > Integer.MAX_VALUE) {
            throw new UnsupportedOperationException("cuda: " + what + " = " + v + " exceeds the kernels' 32-bit index");
        }
        return (int) v;
    }
}
