package pagoda.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;
import pagoda.tensor.NnOps;
import pagoda.tensor.Tensor;

/**
 * EDM's self-attention over channels-first heads: q, k, v [B*heads, 64, 256] (head width 64, the 256
 * positions of a 16x16 level). Forward is two batched GEMMs, q^T k and w v^T: 4 B C L^2 FLOP, softmax
 * not counted; the backward pass adds four more (dv, dw, dq, dk): 8 B C L^2.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Defaults.ADD_VECTOR, Defaults.NATIVE_ACCESS})
public class AttentionBench extends CpuState {
    private static final int C = 64;
    private static final int L = 256;

    /** Batch times heads: 64 images with one 64-wide head, or 16 images of a 256-channel level. */
    @Param({"64"})
    public int batchHeads;

    private Tensor q;
    private Tensor k;
    private Tensor v;
    private Tensor dout;
    private NnOps.AttentionResult saved;
    private double forwardGflop;

    @Override
    protected void prepare() {
        q = random(1, batchHeads, C, L);
        k = random(2, batchHeads, C, L);
        v = random(3, batchHeads, C, L);
        dout = random(4, batchHeads, C, L);
        saved = NnOps.attention(q, k, v);
        forwardGflop = 4.0 * batchHeads * C * L * L / 1e9;
    }

    @Benchmark
    public NnOps.AttentionResult forward(Flops flops) {
        flops.gflops += forwardGflop;
        return NnOps.attention(q, k, v);
    }

    @Benchmark
    public NnOps.AttentionGrads backward(Flops flops) {
        flops.gflops += 2 * forwardGflop;
        return NnOps.attentionBackward(q, k, v, saved.weights(), dout);
    }
}
