package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;

/** attention.cu: EDM's attention fused flash-style, one warp per query; writes out and the weights. */
public final class Attention {
    public static final KernelSource SOURCE = new KernelSource("attention",
            "attention_c32", "attention_c64", "attention_c128", "attention_c256", "attention_c512");

    private Attention() {
    }

    public static void run(Gpu gpu, Tensor q, Tensor k, Tensor v, Tensor out, Tensor weights) {
        int batch = q.size(0);
        int channels = q.size(1);
        int lq = q.size(2);
        int lk = k.size(2);
        if (batch == 0 || lq == 0 || channels == 0) {
            return;
        }
        int smem = AttentionTiles.shared(gpu, (2L * channels * AttentionTiles.LD + (long) AttentionTiles.WARPS * channels) * Float.BYTES);
        gpu.kernel(SOURCE, "attention_" + AttentionTiles.variant(channels)).launch(Grid.ceil(lq, AttentionTiles.WARPS), batch, 1,
                AttentionTiles.WARPS * 32, smem, gpu.stream(), new KernelArgs().pointer(CudaStorage.pointer(q))
                        .pointer(CudaStorage.pointer(k)).pointer(CudaStorage.pointer(v)).pointer(CudaStorage.pointer(out))
                        .pointer(CudaStorage.pointer(weights)).i32(channels).i32(lq).i32(lk).f32((float) (1.0 / Math.sqrt(channels))));
    }
}
