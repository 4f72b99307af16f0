package pagoda.tests;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import pagoda.tensor.Backend;
import pagoda.tensor.cpu.CpuBackend;

/**
 * The fast backends the conformance suite checks against the twin. A backend that cannot run here (its
 * classes are not on the class path, or it finds no device) is listed with the reason, and the suite
 * reports it as skipped rather than passing silently. A new backend is one more line in {@link #all}.
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

    /** Opened once per JVM; the CPU pools are daemon threads, closed by {@link #closeAll}. */
    private static final List<Candidate> ALL = open();

    static List<Candidate> all() {
        return ALL;
    }

    private static List<Candidate> open() {
        List<Candidate> c = new ArrayList<>();
        c.add(candidate("cpu-1t", () -> new CpuBackend(1)));
        c.add(candidate("cpu-2t", () -> new CpuBackend(2)));
        c.add(byClassName("cuda", "pagoda.cuda.CudaBackend"));
        return List.copyOf(c);
    }

    static void closeAll() {
        for (Candidate c : ALL) {
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
            return new Candidate(label, null, "no device: " + e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return new Candidate(label, null, className + " could not be instantiated: " + e);
        }
    }
}
