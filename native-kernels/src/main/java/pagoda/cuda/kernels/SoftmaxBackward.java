package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;

/** softmax_backward.cu: one warp per row of the last axis. */
public final class SoftmaxBackward {
    public static final KernelSource SOURCE = new KernelSource("softmax_backward", "softmax_backward_rows");

    private SoftmaxBackward() {
    }

    public static void run(Gpu gpu, Tensor y, Tensor dy, Tensor dx) {
        int len = y.rank() == 0 ? 1 : y.size(-1);
        if (dx.numel() == 0 || len == 0) {
            return;
        }
        long rows = dx.numel() / len;
        gpu.kernel(SOURCE, "softmax_backward_rows").launch(Softmax.blocks(gpu, rows), 1, 1, Grid.THREADS, 0, gpu.stream(),
                new KernelArgs().pointer(CudaStorage.pointer(y)).pointer(CudaStorage.pointer(dy)).pointer(CudaStorage.pointer(dx))
                        .i64(rows).i32(len));
    }
}
