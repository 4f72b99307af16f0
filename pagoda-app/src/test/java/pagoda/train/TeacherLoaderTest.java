package pagoda.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.Backends;

/** What TeacherLoader says when a path is not a teacher; loading real teachers is TrainerOutputsTest's. */
class TeacherLoaderTest {
    @TempDir
    Path tmp;

    private String error(Path p) {
        return assertThrows(IllegalArgumentException.class, () -> TeacherLoader.load(p, Backends.cpu())).getMessage();
    }

    @Test
    void aRunBeforeItsFirstCheckpoint() throws IOException {
        Path run = tmp.resolve("run");
        RunFolder.create(run, TinyRun.model(0), TinyRun.train(8, 8));
        String m = error(run);
        assertTrue(m.contains("training run") && m.contains("first checkpoint"), m);
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        assertTrue(error(tmp.resolve("nowhere")).contains("does not exist"));
        Path dir = Files.createDirectories(tmp.resolve("teacher"));
        Files.writeString(dir.resolve("config.json"), "{}");
        String m = error(dir);
        assertTrue(m.contains("model.safetensors") && m.contains("missing"), m);
    }
}
