package pagoda.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pagoda.tensor.Backend;
import pagoda.tensor.DType;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.Json;
import pagoda.unet.EDMPrecond;
import pagoda.unet.TeacherFiles;
import pagoda.unet.UNetConfig;

/**
 * Exports a run's teacher for distribution: its EMA weights (from the run's model.safetensors, or from the
 * {@code ema.} tensors of one checkpoint) in F16, BF16 or F32, with the network's config.json and a
 * training.json that records how it was trained (the run's options, the images and steps seen, the training
 * time). The result is a teacher folder that {@link TeacherLoader} and {@link TeacherFiles} load.
 */
public final class TeacherExport {
    public static final String TRAINING = "training.json";
    /** The largest finite F16 value; larger weights need BF16. */
    private static final float F16_MAX = 65504f;

    private TeacherExport() {
    }

    /** What was exported. */
    public record Result(Path weights, long parameters, DType dtype, long bytes, LogEntry last) {
    }

    /**
     * @param from a run folder, or one of its checkpoint files
     * @param out the folder to write (created when missing)
     * @throws IllegalArgumentException naming the file or tensor when the run is incomplete or a weight does not
     *         fit {@code dtype}
     */
    public static Result export(Path from, Path out, DType dtype, Backend backend) throws IOException {
        boolean checkpointFile = Files.isRegularFile(from);
        Path runDir = checkpointFile ? from.toAbsolutePath().getParent().getParent() : from;
        RunFolder run = RunFolder.open(runDir);
        Map<String, Tensor> state;
        if (checkpointFile) {
            state = emaOfCheckpoint(from, run.model(), backend);
        } else {
            Path weights = runDir.resolve(RunFolder.MODEL);
            if (!Files.isRegularFile(weights)) {
                throw new IllegalArgumentException(runDir + " has no " + RunFolder.MODEL + " yet: the run writes it with its first checkpoint");
            }
            state = TeacherFiles.readTensors(weights, backend);
        }
        if (dtype == DType.F16) {
            checkFitsF16(state);
        }
        Files.createDirectories(out);
        Path weights = out.resolve(RunFolder.MODEL);
        TeacherWeights.write(weights, state, dtype);
        Json.writeFile(out.resolve(RunFolder.MODEL_CONFIG), run.model().toJson());
        List<LogEntry> log = TrainLog.read(runDir);
        LogEntry last = log.isEmpty() ? null : log.getLast();
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("options", run.train().toJson());
        if (last != null) {
            training.put("step", last.step());
            training.put("images", last.images());
            training.put("training_s", last.trainingSeconds());
        }
        training.put("exported_from", checkpointFile ? from.getFileName().toString() : RunFolder.MODEL);
        training.put("dtype", dtype.safetensorsName());
        Json.writeFile(out.resolve(TRAINING), training);
        long parameters = 0;
        for (Tensor t : state.values()) {
            parameters += t.numel();
        }
        return new Result(weights, parameters, dtype, Files.size(weights), last);
    }

    /** The EMA weights of one checkpoint, with the network's constant buffers, as EDM's state dict. */
    private static Map<String, Tensor> emaOfCheckpoint(Path file, UNetConfig model, Backend backend) throws IOException {
        Checkpoint c = CheckpointStore.read(file, backend);
        EDMPrecond net = new EDMPrecond(model, backend, 0);
        Map<String, Tensor> state = new LinkedHashMap<>();
        Map<String, ?> parameters = net.namedParameters();
        for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) {
            String name = e.getKey();
            Tensor t = parameters.containsKey(name) ? c.tensors().get(TrainingState.EMA + name) : e.getValue();
            if (t == null) {
                throw new IllegalArgumentException(file + ": no EMA of parameter " + name + " (" + TrainingState.EMA + name + ")");
            }
            state.put(name, t);
        }
        return state;
    }

    private static void checkFitsF16(Map<String, Tensor> state) {
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            for (float v : e.getValue().toFloatArray()) {
                if (Math.abs(v) > F16_MAX) {
                    throw new IllegalArgumentException("weight " + e.getKey() + " holds " + v + ", beyond F16's range (65504); "
                            + "export with --dtype bf16");
                }
            }
        }
    }
}
