package pagoda.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pagoda.tensor.Backends;
import pagoda.tensor.io.JsonFields;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.SafeTensors;
import pagoda.unet.conformance.EdmConformance;

/**
 * Configurations the fixture does not cover, checked the way the fixture is: a synthetic fixture (random
 * weights and inputs), the float32 CPU model against the same model on the float64 reference backend
 * within the fixture tolerances (D 1e-4, gradients and loss 1e-3), and, where PyTorch is installed, the
 * reference backend against the PyTorch twin in float64. Both twins compute in float64 from the same
 * float32 files and write float32, so they may differ by the final rounding (6e-8 relative) and
 * reordered sums; 1e-6 bounds that while catching any modelling difference.
 */
class ConfigurationsTest {
    private static final double TWINS = 1e-6;

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("one channel, unconditional, three levels, attention at 4x4 (one head)",
                        "{\"img_resolution\": 16, \"img_channels\": 1, \"label_dim\": 0, \"model_channels\": 32,"
                                + " \"channel_mult\": [1, 2, 2], \"num_blocks\": 1, \"attn_resolutions\": [4], \"dropout\": 0}"),
                Arguments.of("two heads, attention only in the bottleneck, conditional",
                        "{\"img_resolution\": 8, \"img_channels\": 3, \"label_dim\": 5, \"model_channels\": 64,"
                                + " \"channel_mult\": [1, 2], \"num_blocks\": 1, \"attn_resolutions\": [], \"dropout\": 0}"),
                Arguments.of("resolution 12 down to 3, 2 channels, 2 blocks, channel_mult_emb 2, attention at two levels",
                        "{\"img_resolution\": 12, \"img_channels\": 2, \"label_dim\": 3, \"model_channels\": 32,"
                                + " \"channel_mult\": [2, 1, 2], \"channel_mult_emb\": 2, \"num_blocks\": 2,"
                                + " \"attn_resolutions\": [12, 3], \"dropout\": 0, \"sigma_data\": 0.6}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void cpuMatchesReferenceTwin(String name, String json, @TempDir Path dir) throws IOException {
        Path[] out = fixtureAndRuns(json, dir);
        compareAll(out[1], out[2], 1e-4, 1e-3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void referenceMatchesPyTorchTwin(String name, String json, @TempDir Path dir) throws IOException, InterruptedException {
        Path fixture = dir.resolve("fixture");
        Files.createDirectories(fixture);
        SyntheticFixture.write(fixture, UNetConfig.parse(JsonFields.of(Json.parse(json, name), name)), 3, 11);
        Path torch = Files.createDirectories(dir.resolve("torch"));
        TorchTwin.conformance(fixture, torch);
        Path ref = Files.createDirectories(dir.resolve("reference"));
        EdmConformance.run(fixture, ref, Backends.reference(), EdmConformance.teacherCases());
        compareAll(ref, torch, TWINS, TWINS);
    }

    /** fixture, CPU results, reference results. */
    private static Path[] fixtureAndRuns(String json, Path dir) throws IOException {
        Path fixture = Files.createDirectories(dir.resolve("fixture"));
        SyntheticFixture.write(fixture, UNetConfig.parse(JsonFields.of(Json.parse(json, "config"), "config")), 3, 7);
        Path cpu = Files.createDirectories(dir.resolve("cpu"));
        Path ref = Files.createDirectories(dir.resolve("reference"));
        EdmConformance.run(fixture, cpu, Backends.cpu(), EdmConformance.teacherCases());
        EdmConformance.run(fixture, ref, Backends.reference(), EdmConformance.teacherCases());
        return new Path[] {fixture, cpu, ref};
    }

    /** Every tensor of the three result files of {@code ours} against {@code ref}. */
    static void compareAll(Path ours, Path ref, double denoiseTolerance, double gradTolerance) throws IOException {
        List<String> failures = new ArrayList<>();
        for (String file : List.of("denoise.safetensors", "grads.safetensors", "edmloss.safetensors")) {
            double tolerance = file.startsWith("denoise") ? denoiseTolerance : gradTolerance;
            try (SafeTensors a = SafeTensors.open(ours.resolve(file)); SafeTensors b = SafeTensors.open(ref.resolve(file))) {
                assertEquals(b.names().stream().sorted().toList(), a.names().stream().sorted().toList(), file);
                for (String n : b.names()) {
                    double e = Relative.error(a.readDoubles(n), b.readDoubles(n));
                    if (!(e < tolerance)) {
                        failures.add(file + " " + n + ": " + e);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), "relative errors above tolerance: " + failures);
    }
}
