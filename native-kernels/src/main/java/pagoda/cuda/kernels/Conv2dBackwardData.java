package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.Tensor;

/** conv2d_backward_data.cu: the input gradient as an implicit GEMM over (k, r, s), one write per dx element. */
public final class Conv2dBackwardData {
    public static final KernelSource SOURCE = new KernelSource("conv2d_backward_data",
            "conv2d_backward_data_fp32", "conv2d_backward_data_tf32", "conv2d_backward_data_bf16");

    private Conv2dBackwardData() {
    }

    public static void run(Gpu gpu, Tensor dy, Tensor w, Conv2dSpec spec, Tensor dx) {
        if (dx.numel() == 0) {
            return;
        }
        ConvGeometry g = ConvGeometry.of(dx.shape(), w.shape(), dy.shape(), spec);
        int pixels = Grid.int32("N*H*W", (long) g.n() * g.h() * g.w());
        gpu.kernel(SOURCE, "conv2d_backward_data_" + gpu.precision().suffix())
                .launch(Grid.ceil(pixels, Gemm.TILE), Grid.ceil(g.c(), Gemm.TILE), 1, 256, 0, gpu.stream(),
                        new KernelArgs().pointer(CudaStorage.pointer(dy)).pointer(CudaStorage.pointer(w))
                                .pointer(CudaStorage.pointer(dx)).struct(g.struct()));
    }
}
