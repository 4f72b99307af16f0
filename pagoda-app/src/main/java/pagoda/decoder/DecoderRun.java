package pagoda.decoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import pagoda.tensor.io.Json;
import pagoda.unet.UNetConfig;

/**
 * The folder of a decoder training run, with the discipline of a teacher run ({@link pagoda.train.RunFolder}):
 * <pre>
 *   config.json        G's network (the teacher's config without label dropout)
 *   generator.json     marks the folder as a one-step generator: format, sigma, the teacher, the pairs
 *   decoder.json       the training options ({@link DecoderConfig})
 *   model.safetensors  G's EMA weights of the newest checkpoint, float32, EDM's key names
 *   checkpoints/       G, its EMA, D (with its buffers), both optimisers, both data streams
 *   log.jsonl          one line per log interval; loss.png (L_rec) and gan.png (L_D)
 *   reconstructions/   grids of x beside G(z(x)) for fixed pairs;  samples/  one-step samples from fixed noise
 * </pre>
 * config.json, generator.json and model.safetensors make the folder a generator for {@code --generator}
 * ({@link GeneratorFiles}).
 */
public final class DecoderRun {
    public static final String MODEL_CONFIG = "config.json";
    public static final String OPTIONS = "decoder.json";
    public static final String GENERATOR = "generator.json";
    public static final String MODEL = "model.safetensors";
    public static final String SAMPLES = "samples";
    public static final String RECONSTRUCTIONS = "reconstructions";
    public static final String GAN_CURVE = "gan.png";

    private final Path dir;
    private final UNetConfig model;
    private final DecoderConfig options;

    private DecoderRun(Path dir, UNetConfig model, DecoderConfig options) {
        this.dir = dir;
        this.model = model;
        this.options = options;
    }

    /**
     * Starts a run in {@code dir}, which must not exist or be empty.
     *
     * @param teacher the teacher's record (name, path, weights hash, config)
     * @throws IllegalArgumentException when {@code dir} already holds files
     */
    public static DecoderRun create(Path dir, UNetConfig generatorConfig, DecoderConfig options, Map<String, Object> teacher)
            throws IOException {
        return create(dir, generatorConfig, options, teacher, Map.of());
    }

    /**
     * Starts a run whose generator.json also holds {@code kind} ({@link GeneratorFiles#kindOf}, and where a grown
     * generator came from).
     */
    public static DecoderRun create(Path dir, UNetConfig generatorConfig, DecoderConfig options, Map<String, Object> teacher,
                                    Map<String, Object> kind) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(dir + " is a file, not a folder");
            }
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException(dir + " is not empty"
                            + (Files.exists(dir.resolve(OPTIONS)) ? " (it holds a decoder run: --resume continues it)" : ""));
                }
            }
        }
        Files.createDirectories(dir);
        Json.writeFile(dir.resolve(MODEL_CONFIG), generatorConfig.toJson());
        Json.writeFile(dir.resolve(OPTIONS), options.toJson());
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("format", GeneratorFiles.FORMAT);
        g.put("sigma", Generator.SIGMA);
        g.put("teacher", teacher);
        g.put("pairs", options.pairs());
        g.putAll(kind);
        Json.writeFile(dir.resolve(GENERATOR), g);
        return new DecoderRun(dir, generatorConfig, options);
    }

    /**
     * Opens the run of {@code dir} to continue it.
     *
     * @throws IllegalArgumentException naming the file when the folder holds no decoder run
     */
    public static DecoderRun open(Path dir) throws IOException {
        Path optionsFile = dir.resolve(OPTIONS);
        if (!Files.isRegularFile(optionsFile)) {
            throw new IllegalArgumentException(dir + " holds no decoder run to resume (no " + OPTIONS + ")");
        }
        UNetConfig model = UNetConfig.read(dir.resolve(MODEL_CONFIG));
        DecoderConfig options = DecoderConfig.parse(Json.readObject(optionsFile), DecoderConfig.defaults("-", "-"));
        return new DecoderRun(dir, model, options);
    }

    /** This run with other options (a longer duration, other intervals), saved to decoder.json. */
    public DecoderRun withOptions(DecoderConfig other) throws IOException {
        Json.writeFile(dir.resolve(OPTIONS), other.toJson());
        return new DecoderRun(dir, model, other);
    }

    public Path dir() {
        return dir;
    }

    /** G's network config. */
    public UNetConfig model() {
        return model;
    }

    public DecoderConfig options() {
        return options;
    }

    public Path samples() throws IOException {
        return Files.createDirectories(dir.resolve(SAMPLES));
    }

    public Path reconstructions() throws IOException {
        return Files.createDirectories(dir.resolve(RECONSTRUCTIONS));
    }
}
