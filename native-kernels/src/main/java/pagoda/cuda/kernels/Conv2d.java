package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/** conv2d.cu: implicit-GEMM forward convolution, bias and activation fused into the epilogue. */
public final class Conv2d {
    public static final KernelSource SOURCE = new KernelSource("conv2d", "conv2d_fp32", "conv2d_tf32", "conv2d_bf16");

    private Conv2d() {
    }

    public static void run(Gpu gpu, Tensor x, Tensor w, Tensor bias, Conv2dSpec spec, UnaryOp act, float actP0, Tensor out) {
        if (out.numel() == 0) {
            return;
        }
        ConvGeometry g = ConvGeometry.of(x.shape(), w.shape(), out.shape(), spec);
        int pixels = Grid.int32("N*P*Q", (long) g.n() * g.p() * g.q());
        Grid.int32("C*R*S", (long) g.c() * g.r() * g.s());
        KernelArgs args = new KernelArgs().pointer(CudaStorage.pointer(x)).pointer(CudaStorage.pointer(w));
        if (bias == null) {
            args.nullPointer();
        } else {
            args.pointer(CudaStorage.pointer(bias));
        }
        args.pointer(CudaStorage.pointer(out)).struct(g.struct()).i32(act == null ? -1 : act.ordinal()).f32(actP0);
        gpu.kernel(SOURCE, "conv2d_" + gpu.precision().suffix())
                .launch(Grid.ceil(pixels, Gemm.TILE), Grid.ceil(g.k(), Gemm.TILE), 1, 256, 0, gpu.stream(), args);
    }
}
