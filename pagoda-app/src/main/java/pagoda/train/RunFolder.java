package pagoda.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import pagoda.tensor.io.Json;
import pagoda.unet.UNetConfig;

/**
 * The folder of a teacher training run:
 * <pre>
 *   config.json         the network (EDM's EDMPrecond/DhariwalUNet keyword arguments, {@link UNetConfig})
 *   train.json          the training options ({@link TrainConfig})
 *   model.safetensors   the EMA weights of the newest checkpoint, float32, EDM's key names
 *   checkpoints/        {@link CheckpointStore}
 *   log.jsonl           {@link TrainLog};  loss.png  {@link LossCurve}
 *   samples/            sample grids of the EMA weights, one PNG per grid interval
 * </pre>
 * config.json and model.safetensors make the folder a teacher folder in its own right
 * ({@link pagoda.unet.TeacherFiles}), so later commands take a run wherever they take a teacher; the network
 * config stays apart from the training options because its reader rejects fields it does not know.
 */
public final class RunFolder {
    public static final String MODEL_CONFIG = "config.json";
    public static final String TRAIN_CONFIG = "train.json";
    public static final String MODEL = "model.safetensors";
    public static final String SAMPLES = "samples";

    private final Path dir;
    private final UNetConfig model;
    private final TrainConfig train;

    private RunFolder(Path dir, UNetConfig model, TrainConfig train) {
        this.dir = dir;
        this.model = model;
        this.train = train;
    }

    /**
     * Starts a run in {@code dir}, which must not exist or be empty (its parent is created when missing).
     *
     * @throws IllegalArgumentException when {@code dir} already holds files
     */
    public static RunFolder create(Path dir, UNetConfig model, TrainConfig train) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(dir + " is a file, not a folder");
            }
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException(dir + " is not empty"
                            + (Files.exists(dir.resolve(TRAIN_CONFIG)) ? " (it holds a run: --resume continues it)" : ""));
                }
            }
        }
        Files.createDirectories(dir);
        Json.writeFile(dir.resolve(MODEL_CONFIG), model.toJson());
        Json.writeFile(dir.resolve(TRAIN_CONFIG), train.toJson());
        return new RunFolder(dir, model, train);
    }

    /**
     * Opens the run of {@code dir} to continue it.
     *
     * @throws IllegalArgumentException naming the file when the folder holds no run
     */
    public static RunFolder open(Path dir) throws IOException {
        Path trainFile = dir.resolve(TRAIN_CONFIG);
        if (!Files.isRegularFile(trainFile)) {
            throw new IllegalArgumentException(dir + " holds no run to resume (no " + TRAIN_CONFIG + ")");
        }
        UNetConfig model = UNetConfig.read(dir.resolve(MODEL_CONFIG));
        TrainConfig train = TrainConfig.parse(Json.readObject(trainFile), TrainConfig.defaults("emoji", model.imgResolution()));
        return new RunFolder(dir, model, train);
    }

    /** This run with other training options (a longer duration, other intervals), saved to train.json. */
    public RunFolder withTrain(TrainConfig other) throws IOException {
        Json.writeFile(dir.resolve(TRAIN_CONFIG), other.toJson());
        return new RunFolder(dir, model, other);
    }

    public Path dir() {
        return dir;
    }

    public UNetConfig model() {
        return model;
    }

    public TrainConfig train() {
        return train;
    }

    public Path samples() throws IOException {
        return Files.createDirectories(dir.resolve(SAMPLES));
    }
}
