package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/** unary.cu: out = op(x; p0, p1), both contiguous; the op travels as its ordinal (activation.cuh's UnaryCode). */
public final class Unary {
    public static final KernelSource SOURCE = new KernelSource("unary", "unary_f32");

    private Unary() {
    }

    public static void run(Gpu gpu, UnaryOp op, Tensor x, float p0, float p1, Tensor out) {
        long n = out.numel();
        if (n == 0) {
            return;
        }
        gpu.kernel(SOURCE, "unary_f32").launch(Grid.blocks(gpu, n), 1, 1, Grid.THREADS, 0, gpu.stream(),
                new KernelArgs().pointer(CudaStorage.pointer(x)).pointer(CudaStorage.pointer(out)).i64(n)
                        .i32(op.ordinal()).f32(p0).f32(p1));
    }
}
