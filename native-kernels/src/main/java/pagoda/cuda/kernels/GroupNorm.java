package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;

/** group_norm.cu: one block per (sample, group). */
public final class GroupNorm {
    public static final KernelSource SOURCE = new KernelSource("group_norm", "group_norm");

    static final int THREADS = 512;

    private GroupNorm() {
    }

    /** Elements per channel of x [N, C, *]. */
    static long spatial(Tensor x) {
        long s = 1;
        for (int d = 2; d < x.rank(); d++) {
            s *= x.size(d);
        }
        return s;
    }

    static void optional(KernelArgs args, Tensor t) {
        if (t == null) {
            args.nullPointer();
        } else {
            args.pointer(CudaStorage.pointer(t));
        }
    }

    public static void run(Gpu gpu, Tensor x, Tensor gamma, Tensor beta, int groups, float eps, Tensor out, Tensor mean, Tensor rstd) {
        long blocks = (long) x.size(0) * groups;
        if (blocks == 0) {
            return;
        }
        KernelArgs args = new KernelArgs().pointer(CudaStorage.pointer(x));
        optional(args, gamma);
        optional(args, beta);
        args.pointer(CudaStorage.pointer(out)).pointer(CudaStorage.pointer(mean)).pointer(CudaStorage.pointer(rstd))
                .i32(x.size(1)).i32(groups).i64(spatial(x)).f32(eps);
        gpu.kernel(SOURCE, "group_norm").launch(Grid.int32("N*G", blocks), 1, 1, THREADS, THREADS * Float.BYTES, gpu.stream(), args);
    }
}
