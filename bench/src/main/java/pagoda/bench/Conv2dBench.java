package pagoda.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.NnOps;
import pagoda.tensor.Tensor;

/**
 * 3x3 convolution, stride 1, padding 1, x [8, 128, 32, 32] -> [8, 128, 32, 32], no bias, through
 * {@link NnOps} (outputs allocated per call, as in PyTorch). Forward: 2 N K C R S P Q = 2.42 GFLOP;
 * forward+backward adds the data and weight gradients: 3x that.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Defaults.ADD_VECTOR, Defaults.NATIVE_ACCESS})
public class Conv2dBench extends CpuState {
    private static final int N = 8;
    private static final int C = 128;
    private static final int H = 32;
    private static final int W = 32;
    private static final int K = 128;
    private static final int R = 3;
    private static final Conv2dSpec SPEC = Conv2dSpec.of(1, 1);
    private static final double FORWARD_GFLOP = 2.0 * N * K * C * R * R * H * W / 1e9;

    private Tensor x;
    private Tensor w;
    private Tensor dy;

    @Override
    protected void prepare() {
        x = random(1, N, C, H, W);
        w = random(2, K, C, R, R);
        dy = random(3, N, K, H, W);
    }

    @Benchmark
    public Tensor forward(Flops flops) {
        flops.gflops += FORWARD_GFLOP;
        return NnOps.conv2d(x, w, null, SPEC);
    }

    @Benchmark
    public void forwardBackward(Flops flops, Blackhole bh) {
        bh.consume(NnOps.conv2d(x, w, null, SPEC));
        bh.consume(NnOps.conv2dBackwardData(dy, w, SPEC, x.shape()));
        bh.consume(NnOps.conv2dBackwardWeight(dy, x, SPEC, w.shape()));
        flops.gflops += 3 * FORWARD_GFLOP;
    }
}
