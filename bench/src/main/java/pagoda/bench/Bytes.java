package pagoda.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A secondary JMH result for memory-bound kernels: each call adds the bytes it must move at least
 * (every input read once, every output written once), so the "gbytes" line reads in GB/s.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class Bytes {
    public double gbytes;
}
