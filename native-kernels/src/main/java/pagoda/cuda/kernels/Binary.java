package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.BinaryOp;
import pagoda.tensor.Tensor;

/** binary.cu: out = op(a, b; p0, p1), a and b strided views broadcast to out's shape, out contiguous. */
public final class Binary {
    public static final KernelSource SOURCE = new KernelSource("binary", "binary_strided", "binary_contiguous");

    private Binary() {
    }

    public static void run(Gpu gpu, BinaryOp op, Tensor a, Tensor b, float p0, float p1, Tensor out) {
        long n = out.numel();
        if (n == 0) {
            return;
        }
        int[] shape = out.shape();
        View.Merged m = View.merge(shape, a.strides(), b.strides(), View.contiguous(shape));
        if (m.contiguous(0) && m.contiguous(1)) {
            gpu.kernel(SOURCE, "binary_contiguous").launch(Grid.blocks(gpu, n), 1, 1, Grid.THREADS, 0, gpu.stream(),
                    new KernelArgs().pointer(CudaStorage.pointer(a)).pointer(CudaStorage.pointer(b))
                            .pointer(CudaStorage.pointer(out)).i64(n).i32(op.ordinal()).f32(p0).f32(p1));
            return;
        }
        gpu.kernel(SOURCE, "binary_strided").launch(Grid.blocks(gpu, n), 1, 1, Grid.THREADS, 0, gpu.stream(),
                new KernelArgs().pointer(CudaStorage.base(a)).struct(m.struct(0, a.offset()))
                        .pointer(CudaStorage.base(b)).struct(m.struct(1, b.offset()))
                        .pointer(CudaStorage.pointer(out)).i64(n).i32(op.ordinal()).f32(p0).f32(p1));
    }
}
