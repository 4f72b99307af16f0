package pagoda.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import pagoda.tensor.NnOps;
import pagoda.tensor.Tensor;

/**
 * Group normalisation of x [8, 128, 32, 32] in 32 groups with a per-channel scale and shift, forward and
 * backward. Memory-bound, so the secondary result is bandwidth: forward reads x and writes out
 * (8 bytes an element); backward reads dy and x and writes dx (12 bytes an element).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Defaults.ADD_VECTOR, Defaults.NATIVE_ACCESS})
public class GroupNormBench extends CpuState {
    private static final int[] SHAPE = {8, 128, 32, 32};
    private static final int GROUPS = 32;
    private static final float EPS = 1e-5f;
    private static final double ELEMENTS = 8.0 * 128 * 32 * 32;

    private Tensor x;
    private Tensor gamma;
    private Tensor beta;
    private Tensor dy;
    private NnOps.GroupNormResult saved;

    @Override
    protected void prepare() {
        x = random(1, SHAPE);
        gamma = random(2, SHAPE[1]);
        beta = random(3, SHAPE[1]);
        dy = random(4, SHAPE);
        saved = NnOps.groupNorm(x, gamma, beta, GROUPS, EPS);
    }

    @Benchmark
    public NnOps.GroupNormResult forward(Bytes bytes) {
        bytes.gbytes += 8 * ELEMENTS / 1e9;
        return NnOps.groupNorm(x, gamma, beta, GROUPS, EPS);
    }

    @Benchmark
    public NnOps.GroupNormGrads backward(Bytes bytes) {
        bytes.gbytes += 12 * ELEMENTS / 1e9;
        return NnOps.groupNormBackward(dy, x, gamma, saved.mean(), saved.rstd(), GROUPS, true);
    }
}
