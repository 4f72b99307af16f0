package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.DeviceBuffer;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;

/**
 * attention_backward.cu: per query (dq, and the score gradients ds into a workspace of B x Lq x Lk floats),
 * then per key (dk, dv).
 */
public final class AttentionBackward {
    public static final KernelSource SOURCE = new KernelSource("attention_backward",
            "attention_backward_query_c32", "attention_backward_query_c64", "attention_backward_query_c128",
            "attention_backward_query_c256", "attention_backward_query_c512",
            "attention_backward_key_c32", "attention_backward_key_c64", "attention_backward_key_c128",
            "attention_backward_key_c256", "attention_backward_key_c512");

    private AttentionBackward() {
    }

    public static void run(Gpu gpu, Tensor q, Tensor k, Tensor v, Tensor weights, Tensor dout, Tensor dq, Tensor dk, Tensor dv) {
        int batch = q.size(0);
        int channels = q.size(1);
        int lq = q.size(2);
        int lk = k.size(2);
        if (batch == 0 || channels == 0 || lq == 0 || lk == 0) {
            return;
        }
        String variant = AttentionTiles.variant(channels);
        float scale = (float) (1.0 / Math.sqrt(channels));
        int byQuery = AttentionTiles.shared(gpu, (2L * channels * AttentionTiles.LD + (long) AttentionTiles.WARPS * channels) * Float.BYTES);
        int byKey = AttentionTiles.shared(gpu, (2L * channels * AttentionTiles.LD + 2L * AttentionTiles.TILE * AttentionTiles.WARPS) * Float.BYTES);
        try (DeviceBuffer ds = gpu.allocate((long) batch * lq * lk * Float.BYTES)) {
            gpu.kernel(SOURCE, "attention_backward_query_" + variant).launch(Grid.ceil(lq, AttentionTiles.WARPS), batch, 1,
                    AttentionTiles.WARPS * 32, byQuery, gpu.stream(), new KernelArgs().pointer(CudaStorage.pointer(k))
                            .pointer(CudaStorage.pointer(v)).pointer(CudaStorage.pointer(weights)).pointer(CudaStorage.pointer(dout))
                            .pointer(CudaStorage.pointer(dq)).pointer(ds.at(0)).i32(channels).i32(lq).i32(lk).f32(scale));
            gpu.kernel(SOURCE, "attention_backward_key_" + variant).launch(Grid.ceil(lk, AttentionTiles.WARPS), batch, 1,
                    AttentionTiles.WARPS * 32, byKey, gpu.stream(), new KernelArgs().pointer(CudaStorage.pointer(q))
                            .pointer(CudaStorage.pointer(weights)).pointer(ds.at(0)).pointer(CudaStorage.pointer(dout))
                            .pointer(CudaStorage.pointer(dk)).pointer(CudaStorage.pointer(dv)).i32(channels).i32(lq).i32(lk).f32(scale));
        }
    }
}
