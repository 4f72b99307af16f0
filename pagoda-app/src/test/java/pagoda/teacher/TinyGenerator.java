package pagoda.teacher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.decoder.DecoderRun;
import pagoda.decoder.GeneratorFiles;
import pagoda.tensor.DType;
import pagoda.tensor.io.Json;

/**
 * Generator folders small enough for tests: the weights of a {@link TinyTeacher} (8x8, perturbed so the output
 * depends on the input) with the {@code generator.json} that makes them a one-step generator, naming
 * {@code teacher} as the teacher it was trained from.
 */
public final class TinyGenerator {
    private TinyGenerator() {
    }

    public static Path write(Path dir, int classes, long seed, Path teacher) throws IOException {
        TinyTeacher.write(dir, 3, classes, seed, DType.F32);
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("format", GeneratorFiles.FORMAT);
        g.put("sigma", 80.0);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", "tiny-teacher");
        t.put("path", teacher.toAbsolutePath().toString());
        g.put("teacher", t);
        Json.writeFile(dir.resolve(DecoderRun.GENERATOR), g);
        return dir;
    }
}
