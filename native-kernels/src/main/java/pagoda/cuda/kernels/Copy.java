package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;

/** copy.cu: dst = src for two strided views of one shape. */
public final class Copy {
    public static final KernelSource SOURCE = new KernelSource("copy", "copy_strided", "copy_contiguous");

    private Copy() {
    }

    public static void run(Gpu gpu, Tensor src, Tensor dst) {
        long n = dst.numel();
        if (n == 0) {
            return;
        }
        View.Merged m = View.merge(dst.shape(), src.strides(), dst.strides());
        if (m.contiguous(0) && m.contiguous(1)) {
            gpu.kernel(SOURCE, "copy_contiguous").launch(Grid.blocks(gpu, n), 1, 1, Grid.THREADS, 0, gpu.stream(),
                    new KernelArgs().pointer(CudaStorage.pointer(src)).pointer(CudaStorage.pointer(dst)).i64(n));
            return;
        }
        gpu.kernel(SOURCE, "copy_strided").launch(Grid.blocks(gpu, n), 1, 1, Grid.THREADS, 0, gpu.stream(),
                new KernelArgs().pointer(CudaStorage.base(src)).struct(m.struct(0, src.offset()))
                        .pointer(CudaStorage.base(dst)).struct(m.struct(1, dst.offset())).i64(n));
    }
}
