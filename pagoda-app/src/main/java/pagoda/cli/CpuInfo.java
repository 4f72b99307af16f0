package pagoda.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The CPU model and its vector features as Linux reports them in /proc/cpuinfo. */
final class CpuInfo {
    /** The flags that decide which vector widths and fused operations the kernels get. */
    private static final List<String> VECTOR_FLAGS = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_bf16",
            "avx512_fp16", "amx_tile", "asimd", "sve");

    private CpuInfo() {
    }

    /** "model (vector flags)", or a note saying why it is unknown. */
    static String describe() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            return "unknown (/proc/cpuinfo unreadable: " + e.getMessage() + ")";
        }
        String model = field(lines, "model name");
        if (model == null) {
            model = System.getProperty("os.arch");
        }
        String flags = field(lines, "flags");
        if (flags == null) {
            flags = field(lines, "Features");
        }
        List<String> present = new ArrayList<>();
        if (flags != null) {
            List<String> all = Arrays.asList(flags.split("\\s+"));
            for (String f : VECTOR_FLAGS) {
                if (all.contains(f)) {
                    present.add(f);
                }
            }
        }
        return model + (present.isEmpty() ? "" : " (" + String.join(" ", present) + ")");
    }

    private static String field(List<String> lines, String name) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
