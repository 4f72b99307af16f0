package pagoda.teacher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.decoder.DecoderRun;
import pagoda.decoder.GeneratorFiles;
import pagoda.decoder.GrownGenerator;
import pagoda.decoder.TrainableGenerator;
import pagoda.tensor.Backends;
import pagoda.train.TeacherWeights;
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
        return marker(dir, teacher, Map.of());
    }

    /**
     * A grown generator folder: the stage-2 generator of {@link #write} grown once, 8x8 latents to 16x16 images
     * (a fresh growth: the nearest-neighbour up-sample of the stage-2 output).
     */
    public static Path writeGrown(Path dir, long seed, Path teacher) throws IOException {
        write(dir, 0, seed, teacher);
        TrainableGenerator stage2 = GeneratorFiles.load(dir, Backends.cpu());
        GrownGenerator grown = GrownGenerator.grow(stage2, 8, seed, Backends.cpu());
        TeacherWeights.write(dir.resolve(DecoderRun.MODEL), grown.stateDict(), DType.F32);
        return marker(dir, teacher, GeneratorFiles.kindOf(grown));
    }

    private static Path marker(Path dir, Path teacher, Map<String, Object> kind) throws IOException {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("format", GeneratorFiles.FORMAT);
        g.put("sigma", 80.0);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", "tiny-teacher");
        t.put("path", teacher.toAbsolutePath().toString());
        g.put("teacher", t);
        g.putAll(kind);
        Json.writeFile(dir.resolve(DecoderRun.GENERATOR), g);
        return dir;
    }
}
