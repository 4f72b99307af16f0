package pagoda.unet.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import pagoda.tensor.Backend;
import pagoda.unet.EDMPrecond;
import pagoda.unet.TeacherFiles;

/**
 * {@code pagoda conformance edm}: loads DIR/config.json and DIR/model.safetensors, runs each case on the
 * inputs of its fixture file and writes the results under OUT (../shared/fixtures/README.md names the
 * files and tensors). The teacher is in evaluation mode (no dropout).
 */
public final class EdmConformance {
    private EdmConformance() {
    }

    /** The cases of the teacher itself: denoise, grads, edmloss. */
    public static List<ConformanceCase> teacherCases() {
        return List.of(new DenoiseCase(), new GradsCase(), new EdmLossCase());
    }

    public static void run(Path fixture, Path out, Backend backend, List<ConformanceCase> cases) throws IOException {
        if (!Files.isDirectory(fixture)) {
            throw new NoSuchFileException(fixture.toString(), null, "fixture directory not found");
        }
        if (!Files.isDirectory(out)) {
            throw new NoSuchFileException(out.toString(), null, "output directory not found");
        }
        EDMPrecond teacher = TeacherFiles.load(fixture, backend);
        teacher.eval();
        ConformanceContext context = new ConformanceContext(fixture, teacher, backend);
        for (ConformanceCase c : cases) {
            c.run(context, out);
        }
    }
}
