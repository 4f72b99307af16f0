package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;

/** fill.cu: every element of a strided view set to one value. */
public final class Fill {
    public static final KernelSource SOURCE = new KernelSource("fill", "fill_strided", "fill_contiguous");

    private Fill() {
    }

    public static void run(Gpu gpu, Tensor dst, float value) {
        long n = dst.numel();
        if (n == 0) {
            return;
        }
        View.Merged m = View.merge(dst.shape(), dst.strides());
        if (m.contiguous(0)) {
            gpu.kernel(SOURCE, "fill_contiguous").launch(Grid.blocks(gpu, n), 1, 1, Grid.THREADS, 0, gpu.stream(),
                    new KernelArgs().pointer(CudaStorage.pointer(dst)).i64(n).f32(value));
            return;
        }
        gpu.kernel(SOURCE, "fill_strided").launch(Grid.blocks(gpu, n), 1, 1, Grid.THREADS, 0, gpu.stream(),
                new KernelArgs().pointer(CudaStorage.base(dst)).struct(m.struct(0, dst.offset())).i64(n).f32(value));
    }
}
