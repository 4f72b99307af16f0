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
import pagoda.tensor.Tensor;

/**
 * SGEMM C = A B, A [M, K], B [K, N] row-major, into one reused C (the backend's matmul with beta = 0),
 * 2MNK FLOP. Shapes: the square classics, a wide-and-short one, and the 3x3 convolutions of a 16x16 ADM
 * teacher with 64, 128 and 256 channels at 16x16, 8x8 and 4x4, batch 64, as implicit GEMMs
 * (M = out channels, N = batch * H * W, K = in channels * 9; 64x16384x1152 is a decoder conv over
 * concatenated skips).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Defaults.ADD_VECTOR, Defaults.NATIVE_ACCESS})
public class SgemmBench extends CpuState {
    @Param({"256x256x256", "1024x1024x1024", "2048x2048x512",
            "64x16384x576", "64x16384x1152", "128x4096x1152", "256x1024x2304"})
    public String mnk;

    private Tensor a;
    private Tensor b;
    private Tensor c;
    private double gflop;

    @Override
    protected void prepare() {
        String[] p = mnk.split("x");
        int m = Integer.parseInt(p[0]);
        int n = Integer.parseInt(p[1]);
        int k = Integer.parseInt(p[2]);
        a = random(1, 1, m, k);
        b = random(2, 1, k, n);
        c = Tensor.zeros(backend, 1, m, n);
        gflop = 2.0 * m * n * k / 1e9;
    }

    @Benchmark
    public Tensor sgemm(Flops flops) {
        backend.matmul(a, b, 1f, 0f, c);
        flops.gflops += gflop;
        return c;
    }
}
