package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;

/** batch_norm_backward.cu: one block per channel writes its dx and, when wanted, dgamma and dbeta. */
public final class BatchNormBackward {
    public static final KernelSource SOURCE = new KernelSource("batch_norm_backward", "batch_norm_backward");

    private BatchNormBackward() {
    }

    public static void run(Gpu gpu, Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                           Tensor dx, Tensor dgamma, Tensor dbeta) {
        int channels = x.size(1);
        if (x.numel() == 0) {
            return;
        }
        KernelArgs args = new KernelArgs().pointer(CudaStorage.pointer(dy)).pointer(CudaStorage.pointer(x));
        GroupNorm.optional(args, gamma);
        args.pointer(CudaStorage.pointer(mean)).pointer(CudaStorage.pointer(rstd)).pointer(CudaStorage.pointer(dx));
        GroupNorm.optional(args, dgamma);
        GroupNorm.optional(args, dbeta);
        args.i32(x.size(0)).i32(channels).i64(GroupNorm.spatial(x));
        gpu.kernel(SOURCE, "batch_norm_backward").launch(channels, 1, 1, GroupNorm.THREADS, GroupNorm.THREADS * Float.BYTES,
                gpu.stream(), args);
    }
}
