package pagoda.tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.ref.ReferenceBackend;

/**
 * The process-wide backends. The CPU backend's thread count is {@code -Dpagoda.threads} or the number of
 * available processors; other thread counts are separate {@link CpuBackend} instances. Backends of other
 * modules ({@code cuda}) are found by name through {@link BackendProvider}s and opened once per process.
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

    /** The backends opened by name so far, each once per process. */
    private static final Map<String, Backend> OPENED = new LinkedHashMap<>();

    /**
     * The backend called {@code name}: "cpu", "reference", or a provider's name ("cuda").
     *
     * @throws IllegalArgumentException naming the known devices when no backend has that name
     * @throws BackendUnavailableException with the reason when it exists but cannot run here
     */
    public static synchronized Backend byName(String name) {
        switch (name) {
            case "cpu" -> {
                return cpu();
            }
            case "reference" -> {
                return reference();
            }
            default -> {
                Backend open = OPENED.get(name);
                if (open != null) {
                    return open;
                }
                BackendProvider p = provider(name);
                if (p == null) {
                    if (!"cuda".equals(name)) {
                        throw new IllegalArgumentException("unknown device '" + name + "' (known: " + String.join(", ", names()) + ")");
                    }
                    throw new BackendUnavailableException(name, "the CUDA backend (module native-kernels) is not on the class path", null);
                }
                Backend b = p.open();
                OPENED.put(name, b);
                return b;
            }
        }
    }

    /** One line per known device for {@code pagoda info}: what it runs on, or why it is unavailable. Opens nothing. */
    public static Map<String, String> describeAll() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("cpu", "float32 kernels on the Vector API");
        d.put("reference", "the scalar float64 twin of every op, the oracle of the tests");
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            d.put(p.name(), p.describe());
        }
        d.putIfAbsent("cuda", "unavailable (the CUDA backend, module native-kernels, is not on the class path)");
        return d;
    }

    /** The device names {@link #byName} accepts. */
    public static List<String> names() {
        List<String> n = new ArrayList<>(List.of("cpu", "reference"));
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            n.add(p.name());
        }
        if (!n.contains("cuda")) {
            n.add("cuda");
        }
        return n;
    }

    private static BackendProvider provider(String name) {
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
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
