package pagoda.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.ode.SamplerFixture;
import pagoda.tensor.Backends;
import pagoda.tensor.io.SafeTensors;
import pagoda.unet.conformance.EdmConformance;

/**
 * The sampler case of {@code conformance edm} on edm-adm-tiny: the teacher through EDM's Heun and Euler
 * samplers and the encoder, unclamped and clamped, against NVlabs/edm's float64 outputs within the
 * README's 1e-3 (relative 2-norm), on the float32 CPU backend (the float64 reference twin agrees as well,
 * but takes a minute: {@code ./pagoda conformance edm --backend reference}).
 */
class SamplerConformanceTest {
    @TempDir
    Path out;

    @Test
    void matchesTheReferenceSampler() throws IOException {
        Path fixture = fixture();
        EdmConformance.run(fixture, out, Backends.cpu(), List.of(new SamplerCase()));
        Path ours = out.resolve("sampler.safetensors");
        try (SafeTensors written = SafeTensors.open(ours)) {
            assertEquals(SamplerFixture.OUTPUTS.stream().sorted().toList(), written.names().stream().sorted().toList(),
                    "the four outputs, nothing else");
        }
        Map<String, Double> errors = SamplerFixture.compareFiles(ours, fixture.resolve("sampler.safetensors"));
        errors.forEach((name, e) -> assertTrue(e < SamplerFixture.TOLERANCE,
                name + " relative error " + e + " (all: " + errors + ")"));
    }

    /** ../shared/fixtures/edm-adm-tiny above the working directory (or -Dpagoda.fixtures), else a skip. */
    private static Path fixture() {
        String property = System.getProperty("pagoda.fixtures");
        Path root = property != null && !property.isBlank() ? Path.of(property) : null;
        for (Path a = Path.of("").toAbsolutePath(); root == null && a != null; a = a.getParent()) {
            Path candidate = a.resolve("shared").resolve("fixtures");
            root = Files.isDirectory(candidate) ? candidate : null;
        }
        Path dir = root == null ? null : root.resolve("edm-adm-tiny");
        assumeTrue(dir != null && Files.isRegularFile(dir.resolve("sampler.safetensors")),
                "edm-adm-tiny fixtures not found above " + Path.of("").toAbsolutePath() + "; set -Dpagoda.fixtures=DIR");
        return dir;
    }
}
