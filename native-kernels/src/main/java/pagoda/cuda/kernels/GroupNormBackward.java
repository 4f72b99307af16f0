package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.DeviceBuffer;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;

/** group_norm_backward.cu: dx per (sample, group) block; dgamma and dbeta per channel block, when wanted. */
public final class GroupNormBackward {
    public static final KernelSource SOURCE = new KernelSource("group_norm_backward",
            "group_norm_backward_dx", "group_norm_backward_params");

    private GroupNormBackward() {
    }

    public static void run(Gpu gpu, Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, int groups,
                           Tensor dx, Tensor dgamma, Tensor dbeta) {
        int samples = x.size(0);
        int channels = x.size(1);
        long spatial = GroupNorm.spatial(x);
        if ((long) samples * groups > 0) {
            KernelArgs args = new KernelArgs().pointer(CudaStorage.pointer(dy)).pointer(CudaStorage.pointer(x));
            GroupNorm.optional(args, gamma);
            args.pointer(CudaStorage.pointer(mean)).pointer(CudaStorage.pointer(rstd)).pointer(CudaStorage.pointer(dx))
                    .i32(channels).i32(groups).i64(spatial);
            gpu.kernel(SOURCE, "group_norm_backward_dx").launch(Grid.int32("N*G", (long) samples * groups), 1, 1,
                    GroupNorm.THREADS, GroupNorm.THREADS * Float.BYTES, gpu.stream(), args);
        }
        if ((dgamma == null && dbeta == null) || channels == 0) {
            return;
        }
        // The kernel writes both sums; a gradient not asked for goes to a scratch buffer.
        try (DeviceBuffer scratch = gpu.allocate((long) channels * Float.BYTES)) {
            gpu.kernel(SOURCE, "group_norm_backward_params").launch(channels, 1, 1, GroupNorm.THREADS,
                    GroupNorm.THREADS * Float.BYTES, gpu.stream(), new KernelArgs().pointer(CudaStorage.pointer(dy))
                            .pointer(CudaStorage.pointer(x)).pointer(CudaStorage.pointer(mean)).pointer(CudaStorage.pointer(rstd))
                            .pointer(dgamma == null ? scratch.at(0) : CudaStorage.pointer(dgamma))
                            .pointer(dbeta == null ? scratch.at(0) : CudaStorage.pointer(dbeta))
                            .i32(samples).i32(channels).i32(groups).i64(spatial));
        }
    }
}
