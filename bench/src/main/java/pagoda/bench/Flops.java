package pagoda.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A secondary JMH result: each benchmark call adds its work in GFLOP, and JMH divides by the measured
 * time, so the "gflops" line of the report reads in GFLOP/s (JMH labels it "ops/s").
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class Flops {
    public double gflops;
}
