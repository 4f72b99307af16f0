package pagoda.tests;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.function.Supplier;
import pagoda.tensor.Backend;
import pagoda.tensor.BackendUnavailableException;
import pagoda.tensor.cpu.CpuBackend;

/**
 * The fast backends the conformance suite checks against the twin. A backend that cannot run here (its
 * classes are not on the class path, or it finds no device) is listed with the reason, and the suite
 * reports it as skipped rather than passing silently. A new backend is one more line in {@link #cpu} or
 * {@link #cuda}.
 */
final class FastBackends {
    private FastBackends() {
    }

    /** A backend under test, or the reason it is not available in this JVM. */
    record Candidate(String label, Backend backend, String unavailable) {
        boolean available() {
            return backend != null;
        }
    }

    /** The CPU backends, opened once per JVM; their pools are daemon threads, closed by {@link #closeCpu}. */
    private static final List<Candidate> CPU = List.of(candidate("cpu-1t", () -> new CpuBackend(1)),
            candidate("cpu-2t", () -> new CpuBackend(2)));

    /** The GPU backends, opened on first use, so that JVMs that test only the CPU never load a driver. */
    private static final class Gpu {
        static final List<Candidate> CUDA = List.of(byClassName("cuda", "pagoda.cuda.CudaBackend"));
    }

    private static boolean gpuOpened;

    /** The CPU backends (ConformanceTest, run at every vector width). */
    static List<Candidate> cpu() {
        return CPU;
    }

    /** The CUDA backend, or the reason it is unavailable (CudaConformanceTest, tag cuda). */
    static synchronized List<Candidate> cuda() {
        gpuOpened = true;
        return Gpu.CUDA;
    }

    /** Closes the CPU backends (after the last class that uses them; each test class runs in this JVM once). */
    static void closeCpu() {
        close(CPU);
    }

    /** Closes the CUDA backend if it was opened. */
    static synchronized void closeCuda() {
        if (gpuOpened) {
            close(Gpu.CUDA);
        }
    }

    private static void close(List<Candidate> candidates) {
        for (Candidate c : candidates) {
            if (c.available()) {
                c.backend().close();
            }
        }
    }

    private static Candidate candidate(String label, Supplier<Backend> open) {
        try {
            return new Candidate(label, open.get(), null);
        } catch (RuntimeException | LinkageError e) {
            return new Candidate(label, null, "could not be opened: " + e);
        }
    }

    /**
     * A backend found by class name, built with its public no-argument constructor: absent from the class
     * path means not built into this test run; a constructor that throws (no driver, no device) gives its
     * message as the reason.
     */
    private static Candidate byClassName(String label, String className) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            return new Candidate(label, null, className + " is not on the test class path (backend not built in this run)");
        }
        try {
            return new Candidate(label, (Backend) type.getConstructor().newInstance(), null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof BackendUnavailableException u) {
                return new Candidate(label, null, u.getMessage());
            }
            return new Candidate(label, null, "no device: " + e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return new Candidate(label, null, className + " could not be instantiated: " + e);
        }
    }
}
