package pagoda.tensor;

import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.ref.ReferenceBackend;

/**
 * The process-wide backends. The CPU backend's thread count is {@code -Dpagoda.threads} or the number of
 * available processors; other thread counts are separate {@link CpuBackend} instances.
 */
public final class Backends {
    private Backends() {
    }

    private static final class CpuHolder {
        static final CpuBackend CPU = new CpuBackend(defaultThreads());
    }

    private static final class ReferenceHolder {
        static final ReferenceBackend REFERENCE = new ReferenceBackend();
    }

    /** The shared fast CPU backend. */
    public static CpuBackend cpu() {
        return CpuHolder.CPU;
    }

    /** The scalar twin: every op in float64, obviously right and slow; the oracle of the tests. */
    public static ReferenceBackend reference() {
        return ReferenceHolder.REFERENCE;
    }

    /** {@code -Dpagoda.threads}, else the processors this JVM may use. */
    public static int defaultThreads() {
        String p = System.getProperty("pagoda.threads");
        if (p == null || p.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int t = Integer.parseInt(p.trim());
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the value
        }
        throw new IllegalArgumentException("pagoda.threads='" + p + "': expected a positive integer");
    }
}
