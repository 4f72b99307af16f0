package pagoda.decoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pagoda.tensor.Backend;
import pagoda.tensor.DType;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.Json;
import pagoda.train.LogEntry;
import pagoda.train.TeacherWeights;
import pagoda.train.TrainLog;
import pagoda.unet.TeacherFiles;

/**
 * Exports a decoder run's generator for distribution (the {@code models/} folder that travels with the
 * checkout): G's EMA weights from the run's model.safetensors in F16, BF16 or F32, its config.json and
 * generator.json, and a training.json with the run's options and how far it trained. The result is a
 * generator folder that {@link GeneratorFiles} loads.
 */
public final class GeneratorExport {
    public static final String TRAINING = "training.json";
    private static final float F16_MAX = 65504f;

    private GeneratorExport() {
    }

    public record Result(Path weights, long values, DType dtype, long bytes, LogEntry last) {
    }

    /**
     * @throws IllegalArgumentException naming the file or tensor when the run has no weights yet or a weight
     *         does not fit {@code dtype}
     */
    public static Result export(Path run, Path out, DType dtype, Backend backend) throws IOException {
        DecoderRun r = DecoderRun.open(run);
        Path weights = run.resolve(DecoderRun.MODEL);
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException(run + " has no " + DecoderRun.MODEL + " yet: the run writes it with its first checkpoint");
        }
        Map<String, Tensor> state = TeacherFiles.readTensors(weights, backend);
        long values = 0;
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            values += e.getValue().numel();
            if (dtype == DType.F16) {
                for (float v : e.getValue().toFloatArray()) {
                    if (Math.abs(v) > F16_MAX) {
                        throw new IllegalArgumentException("weight " + e.getKey() + " holds " + v
                                + ", beyond F16's range (65504); export with --dtype bf16");
                    }
                }
            }
        }
        Files.createDirectories(out);
        Path file = out.resolve(DecoderRun.MODEL);
        TeacherWeights.write(file, state, dtype);
        Files.copy(run.resolve(DecoderRun.MODEL_CONFIG), out.resolve(DecoderRun.MODEL_CONFIG), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(run.resolve(DecoderRun.GENERATOR), out.resolve(DecoderRun.GENERATOR), StandardCopyOption.REPLACE_EXISTING);
        List<LogEntry> log = TrainLog.read(run);
        LogEntry last = log.isEmpty() ? null : log.getLast();
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("options", r.options().toJson());
        if (last != null) {
            training.put("step", last.step());
            training.put("images", last.images());
            training.put("training_s", last.trainingSeconds());
        }
        training.put("dtype", dtype.safetensorsName());
        Json.writeFile(out.resolve(TRAINING), training);
        return new Result(file, values, dtype, Files.size(file), last);
    }
}
