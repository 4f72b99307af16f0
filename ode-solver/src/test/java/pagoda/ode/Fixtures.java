package pagoda.ode;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The EDM reference fixtures, read where they are (never copied into the project): {@code -Dpagoda.fixtures=DIR}
 * when given, else {@code A/shared/fixtures} for the nearest ancestor A of the working directory; a test
 * that needs them is skipped with the reason when they are absent.
 */
final class Fixtures {
    private Fixtures() {
    }

    /** {@code edm-adm-tiny/sampler.safetensors}, or a skip of the calling test. */
    static Path sampler() {
        String property = System.getProperty("pagoda.fixtures");
        Path root = property != null && !property.isBlank() ? Path.of(property) : search();
        Path file = root == null ? null : root.resolve("edm-adm-tiny").resolve("sampler.safetensors");
        assumeTrue(file != null && Files.isRegularFile(file), () -> "sampler fixture not found ("
                + (property != null ? "-Dpagoda.fixtures=" + property : "no shared/fixtures above " + Path.of("").toAbsolutePath())
                + "); set -Dpagoda.fixtures=DIR to run this test");
        return file;
    }

    private static Path search() {
        for (Path a = Path.of("").toAbsolutePath(); a != null; a = a.getParent()) {
            Path candidate = a.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
