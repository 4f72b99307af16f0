package pagoda.unet;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared reference fixtures, which live beside the project and are never copied into it:
 * {@code -Dpagoda.fixtures=DIR} when given, else {@code A/shared/fixtures} for the nearest ancestor A of
 * the working directory (so the tests find them from the main checkout and from worktrees alike).
 */
final class Fixtures {
    private Fixtures() {
    }

    /** The fixture folder {@code name}, or a skip of the calling test saying where it was looked for. */
    static Path require(String name) {
        String property = System.getProperty("pagoda.fixtures");
        Path root = property != null && !property.isBlank() ? Path.of(property) : search();
        Path dir = root == null ? null : root.resolve(name);
        assumeTrue(dir != null && Files.isDirectory(dir), () -> "fixtures '" + name + "' not found ("
                + (property != null ? "-Dpagoda.fixtures=" + property : "no shared/fixtures above " + workingDirectory())
                + "); set -Dpagoda.fixtures=DIR to run this test");
        return dir;
    }

    private static Path search() {
        for (Path a = workingDirectory(); a != null; a = a.getParent()) {
            Path candidate = a.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }
}
