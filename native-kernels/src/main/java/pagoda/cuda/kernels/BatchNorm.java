package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;

/** batch_norm.cu: one block per channel, over every sample and position of it. */
public final class BatchNorm {
    public static final KernelSource SOURCE = new KernelSource("batch_norm", "batch_norm");

    private BatchNorm() {
    }

    public static void run(Gpu gpu, Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd) {
        int channels = x.size(1);
        if (x.numel() == 0) {
            return;
        }
        KernelArgs args = new KernelArgs().pointer(CudaStorage.pointer(x));
        GroupNorm.optional(args, gamma);
        GroupNorm.optional(args, beta);
        args.pointer(CudaStorage.pointer(out)).pointer(CudaStorage.pointer(mean)).pointer(CudaStorage.pointer(rstd))
                .i32(x.size(0)).i32(channels).i64(GroupNorm.spatial(x)).f32(eps);
        gpu.kernel(SOURCE, "batch_norm").launch(channels, 1, 1, GroupNorm.THREADS, GroupNorm.THREADS * Float.BYTES,
                gpu.stream(), args);
    }
}
