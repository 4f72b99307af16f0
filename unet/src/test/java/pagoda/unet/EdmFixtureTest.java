package pagoda.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.Backends;
import pagoda.tensor.io.SafeTensors;
import pagoda.unet.conformance.EdmConformance;

/**
 * {@code conformance edm} on the edm-adm-tiny fixture, compared with the NVlabs/edm reference outputs
 * within the README's tolerances: 1e-4 for D, 1e-3 for every gradient and the loss (relative 2-norm).
 */
class EdmFixtureTest {
    @TempDir
    static Path out;
    static Path fixture;

    @BeforeAll
    static void run() throws IOException {
        fixture = Fixtures.require("edm-adm-tiny");
        EdmConformance.run(fixture, out, Backends.cpu(), EdmConformance.teacherCases());
    }

    @Test
    void denoiserMatchesReference() throws IOException {
        compare("denoise.safetensors", List.of("D"), 1e-4);
    }

    @Test
    void gradientsMatchReference() throws IOException {
        compare("grads.safetensors", expectedNames("grads.safetensors"), 1e-3);
    }

    @Test
    void edmLossAndGradientsMatchReference() throws IOException {
        compare("edmloss.safetensors", expectedNames("edmloss.safetensors"), 1e-3);
    }

    /** Every output name of a reference file: grad.* and loss (its inputs excluded). */
    private static List<String> expectedNames(String file) throws IOException {
        List<String> names = new ArrayList<>();
        try (SafeTensors ref = SafeTensors.open(fixture.resolve(file))) {
            for (String n : ref.names()) {
                if (n.startsWith("grad.") || n.equals("loss")) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    private static void compare(String file, List<String> names, double tolerance) throws IOException {
        try (SafeTensors ours = SafeTensors.open(out.resolve(file)); SafeTensors ref = SafeTensors.open(fixture.resolve(file))) {
            List<String> failures = new ArrayList<>();
            for (String n : names) {
                double e = Relative.error(ours.readDoubles(n), ref.readDoubles(n));
                if (!(e < tolerance)) {
                    failures.add(n + " " + e);
                }
            }
            long outputs = ours.names().size();
            assertEquals(names.size(), outputs, file + ": we wrote " + ours.names() + ", the reference has " + names);
            assertTrue(failures.isEmpty(), file + ": relative error above " + tolerance + ": " + failures);
        }
    }
}
