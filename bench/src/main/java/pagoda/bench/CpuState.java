package pagoda.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;

/**
 * A CPU backend with a {@code threads} parameter (1 and 2: the cores CI and most users have), made once
 * per trial; subclasses make their inputs in {@link #prepare}. Inputs are seeded uniform draws in
 * [-1, 1), so that every fork times the same numbers.
 */
@State(Scope.Benchmark)
public abstract class CpuState {
    @Param({"1", "2"})
    public int threads;

    protected CpuBackend backend;

    @Setup(Level.Trial)
    public void start() {
        backend = new CpuBackend(threads);
        prepare();
    }

    @TearDown(Level.Trial)
    public void stop() {
        backend.close();
    }

    protected abstract void prepare();

    protected Tensor random(long seed, int... shape) {
        return Ops.uniform(backend, seed, 0, -1, 1, shape);
    }
}
