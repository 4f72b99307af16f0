package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;

/**
 * gemm.cu: c[i] = alpha a[i] b[i] + beta c[i], a [B, M, K] and b [B, K, N] strided, c [B, M, N] contiguous;
 * 128 x 128 tiles of C per block, batches along the grid's z axis in chunks of at most 65535.
 */
public final class Gemm {
    public static final KernelSource SOURCE = new KernelSource("gemm", "gemm_fp32", "gemm_tf32", "gemm_bf16");

    static final int TILE = 128;
    private static final int MAX_GRID_Z = 65535;

    private Gemm() {
    }

    public static void run(Gpu gpu, Tensor a, Tensor b, float alpha, float beta, Tensor c) {
        int batch = a.size(0);
        int m = a.size(1);
        int k = a.size(2);
        int n = b.size(2);
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        long[] as = a.strides();
        long[] bs = b.strides();
        String entry = "gemm_" + gpu.precision().suffix();
        for (int z = 0; z < batch; z += MAX_GRID_Z) {
            int chunk = Math.min(MAX_GRID_Z, batch - z);
            gpu.kernel(SOURCE, entry).launch(Grid.ceil(n, TILE), Grid.ceil(m, TILE), chunk, 256, 0, gpu.stream(),
                    new KernelArgs().pointer(CudaStorage.pointer(a)).i64(as[0]).i64(as[1]).i64(as[2])
                            .pointer(CudaStorage.pointer(b)).i64(bs[0]).i64(bs[1]).i64(bs[2])
                            .pointer(CudaStorage.pointer(c)).i32(m).i32(n).i32(k).f32(alpha).f32(beta).i32(z));
        }
    }
}
