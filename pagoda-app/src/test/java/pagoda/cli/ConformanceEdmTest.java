package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.io.SafeTensors;

/** {@code pagoda conformance edm} as a user runs it: results within the fixture's tolerances, one-line errors. */
class ConformanceEdmTest {
    private static Path fixture() {
        for (Path a = Path.of("").toAbsolutePath(); a != null; a = a.getParent()) {
            Path f = a.resolve("shared/fixtures/edm-adm-tiny");
            if (Files.isDirectory(f)) {
                return f;
            }
        }
        assumeTrue(false, "shared/fixtures/edm-adm-tiny not found above " + Path.of("").toAbsolutePath());
        return null;
    }

    @Test
    void writesTheThreeResultFilesWithinTolerance(@TempDir Path out) throws IOException {
        Path fixture = fixture();
        Cli r = Cli.run("conformance", "edm", "--fixture", fixture.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.toString());
        try (SafeTensors d = SafeTensors.open(out.resolve("denoise.safetensors"));
             SafeTensors ref = SafeTensors.open(fixture.resolve("denoise.safetensors"))) {
            assertTrue(relative(d.readDoubles("D"), ref.readDoubles("D")) < 1e-4);
        }
        try (SafeTensors g = SafeTensors.open(out.resolve("grads.safetensors"));
             SafeTensors ref = SafeTensors.open(fixture.resolve("grads.safetensors"))) {
            assertEquals(ref.names().size() - 1, g.names().size(), "grad.x and one grad per parameter (the reference also holds the cotangent)");
            assertTrue(relative(g.readDoubles("grad.x"), ref.readDoubles("grad.x")) < 1e-3);
        }
        try (SafeTensors l = SafeTensors.open(out.resolve("edmloss.safetensors"));
             SafeTensors ref = SafeTensors.open(fixture.resolve("edmloss.safetensors"))) {
            assertTrue(relative(l.readDoubles("loss"), ref.readDoubles("loss")) < 1e-3);
        }
    }

    @Test
    void missingDirectoriesAreBadArguments(@TempDir Path out) {
        Cli r = Cli.run("conformance", "edm", "--fixture", out.resolve("absent").toString(), "--out", out.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--fixture"), r.err());
        Cli s = Cli.run("conformance", "edm", "--fixture", out.toString(), "--out", out.resolve("absent").toString());
        assertEquals(2, s.status(), s.toString());
        assertTrue(s.err().contains("--out"), s.err());
    }

    @Test
    void aFixtureWithoutWeightsIsOneLineError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"img_resolution\": 8, \"img_channels\": 3, \"colour\": 2}");
        Cli r = Cli.run("conformance", "edm", "--fixture", dir.toString(), "--out", dir.toString());
        assertEquals(1, r.status(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("colour"), r.err());
    }

    private static double relative(double[] a, double[] b) {
        double d = 0;
        double n = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
            n += b[i] * b[i];
        }
        return Math.sqrt(d / n);
    }
}
