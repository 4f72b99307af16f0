package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.DeviceBuffer;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.Tensor;

/**
 * conv2d_backward_weight.cu: the weight gradient as an implicit GEMM whose reduction runs over every output
 * pixel of the batch. The output (K x C*R*S) gives few tiles, so the reduction is split into slices that
 * fill the device (about two blocks per multiprocessor), each writing a partial result that a second
 * kernel adds in slice order.
 */
public final class Conv2dBackwardWeight {
    public static final KernelSource SOURCE = new KernelSource("conv2d_backward_weight", "conv2d_backward_weight_fp32",
            "conv2d_backward_weight_tf32", "conv2d_backward_weight_bf16", "conv2d_backward_weight_sum");

    /** The shortest slice worth a block: shorter ones cost more in partial sums than they gain in parallelism. */
    private static final long MIN_SLICE = 512;

    private Conv2dBackwardWeight() {
    }

    /** Slices of the reduction for {@code tiles} output tiles on {@code multiprocessors}; at least 1. */
    static int slices(long reduction, long tiles, int multiprocessors) {
        long wanted = (2L * multiprocessors + tiles - 1) / tiles;
        long most = Math.max(1, reduction / MIN_SLICE);
        return (int) Math.max(1, Math.min(wanted, most));
    }

    public static void run(Gpu gpu, Tensor dy, Tensor x, Conv2dSpec spec, Tensor dw) {
        if (dw.numel() == 0) {
            return;
        }
        ConvGeometry g = ConvGeometry.of(x.shape(), dw.shape(), dy.shape(), spec);
        int crs = Grid.int32("C*R*S", (long) g.c() * g.r() * g.s());
        long reduction = (long) g.n() * g.p() * g.q();
        int gx = Grid.ceil(crs, Gemm.TILE);
        int gy = Grid.ceil(g.k(), Gemm.TILE);
        int slices = slices(reduction, (long) gx * gy, gpu.device().multiprocessors());
        long sliceLength = (reduction + slices - 1) / slices;
        String entry = "conv2d_backward_weight_" + gpu.precision().suffix();
        if (slices == 1) {
            gpu.kernel(SOURCE, entry).launch(gx, gy, 1, 256, 0, gpu.stream(), new KernelArgs().pointer(CudaStorage.pointer(dy))
                    .pointer(CudaStorage.pointer(x)).pointer(CudaStorage.pointer(dw)).struct(g.struct()).i64(sliceLength));
            return;
        }
        long n = dw.numel();
        try (DeviceBuffer partial = gpu.allocate(slices * n * Float.BYTES)) {
            gpu.kernel(SOURCE, entry).launch(gx, gy, slices, 256, 0, gpu.stream(), new KernelArgs().pointer(CudaStorage.pointer(dy))
                    .pointer(CudaStorage.pointer(x)).pointer(partial.at(0)).struct(g.struct()).i64(sliceLength));
            gpu.kernel(SOURCE, "conv2d_backward_weight_sum").launch(Grid.blocks(gpu, n), 1, 1, Grid.THREADS, 0, gpu.stream(),
                    new KernelArgs().pointer(partial.at(0)).pointer(CudaStorage.pointer(dw)).i64(n).i32(slices));
        }
    }
}
