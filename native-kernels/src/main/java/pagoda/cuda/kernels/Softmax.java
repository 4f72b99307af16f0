package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;

/** softmax.cu: one warp per row of the last axis. */
public final class Softmax {
    public static final KernelSource SOURCE = new KernelSource("softmax", "softmax_rows");

    /** Rows per block of {@link Grid#THREADS} threads: one per warp. */
    static final int ROWS_PER_BLOCK = Grid.THREADS / 32;

    private Softmax() {
    }

    /** Blocks for {@code rows} rows, one warp each, at most 16 blocks per multiprocessor (the loop does the rest). */
    static int blocks(Gpu gpu, long rows) {
        return (int) Math.max(1, Math.min((rows + ROWS_PER_BLOCK - 1) / ROWS_PER_BLOCK, 16L * gpu.device().multiprocessors()));
    }

    public static void run(Gpu gpu, Tensor x, Tensor out) {
        int len = x.rank() == 0 ? 1 : x.size(-1);
        if (out.numel() == 0 || len == 0) {
            return;
        }
        long rows = out.numel() / len;
        gpu.kernel(SOURCE, "softmax_rows").launch(blocks(gpu, rows), 1, 1, Grid.THREADS, 0, gpu.stream(),
                new KernelArgs().pointer(CudaStorage.pointer(x)).pointer(CudaStorage.pointer(out)).i64(rows).i32(len));
    }
}
