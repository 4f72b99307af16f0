package pagoda.decoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pagoda.tensor.Backend;
import pagoda.tensor.io.JsonFields;
import pagoda.tensor.io.Json;
import pagoda.unet.TeacherFiles;
import pagoda.unet.UNetConfig;

/**
 * A one-step generator on disk, as {@code --generator} takes it: a folder with {@code generator.json} (format
 * {@value #FORMAT}, sigma 80, and its kind: {@code stage2} when absent, or {@code grown} with its stages),
 * {@code config.json} (stage 2's network) and {@code model.safetensors} (EDM's key names, then the stages'; F32,
 * F16 or BF16): a {@code train-decoder} or {@code grow} run, whose model.safetensors holds G's EMA weights of its
 * newest checkpoint, or an export of one.
 */
public final class GeneratorFiles {
    public static final String FORMAT = "pagoda.generator/1";
    static final String KIND = "kind";
    static final String STAGE2 = "stage2";
    static final String GROWN = "grown";
    static final String STAGES = "stages";

    private GeneratorFiles() {
    }

    /**
     * Loads the generator of {@code dir} onto {@code backend}, in evaluation mode: stage 2's {@link Generator}, or a
     * {@link GrownGenerator} when generator.json says {@code "kind": "grown"} and lists its stages.
     *
     * @throws IllegalArgumentException naming the folder and the file that is missing or does not fit
     */
    public static TrainableGenerator load(Path dir, Backend backend) throws IOException {
        check(dir);
        Path weights = dir.resolve(DecoderRun.MODEL);
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException(dir + " has no " + DecoderRun.MODEL + " yet: a decoder run writes it with its first checkpoint");
        }
        TrainableGenerator generator = architecture(dir, backend);
        try {
            generator.loadStateDict(TeacherFiles.readTensors(weights, backend));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(weights + " does not fit " + DecoderRun.MODEL_CONFIG + " and " + DecoderRun.GENERATOR
                    + ": " + e.getMessage(), e);
        }
        generator.train(false);
        return generator;
    }

    /**
     * Checks that {@code dir} is a generator folder: its generator.json of this format, at sigma 80.
     *
     * @throws IllegalArgumentException naming the folder or file that is missing or does not fit
     */
    public static void check(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a generator folder (generator.json, config.json, model.safetensors)"
                    + (Files.exists(dir) ? "" : ": it does not exist"));
        }
        Path marker = dir.resolve(DecoderRun.GENERATOR);
        if (!Files.isRegularFile(marker)) {
            throw new IllegalArgumentException(dir + " has no " + DecoderRun.GENERATOR + ": not a one-step generator"
                    + (Files.isRegularFile(dir.resolve(DecoderRun.MODEL_CONFIG)) ? " (a teacher folder? train one with ./pagoda train-decoder)" : ""));
        }
        JsonFields g = Json.readObject(marker);
        String format = g.getString("format", null);
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(marker + ": format " + (format == null ? "missing" : "'" + format + "'")
                    + ", expected '" + FORMAT + "'");
        }
        double sigma = g.getDouble("sigma", Double.NaN);
        if (sigma != Generator.SIGMA) {
            throw new IllegalArgumentException(marker + ": sigma " + sigma + ", this build's generators run at " + Generator.SIGMA);
        }
    }

    /**
     * The generator a folder's config.json and generator.json describe, with fresh weights.
     *
     * @throws IllegalArgumentException naming generator.json when its kind or stages are not understood
     */
    public static TrainableGenerator architecture(Path dir, Backend backend) throws IOException {
        Path marker = dir.resolve(DecoderRun.GENERATOR);
        JsonFields g = Json.readObject(marker);
        UNetConfig config = UNetConfig.read(dir.resolve(DecoderRun.MODEL_CONFIG));
        String kind = g.getString(KIND, STAGE2);
        if (kind.equals(STAGE2)) {
            return new Generator(config, backend, 0);
        }
        if (!kind.equals(GROWN)) {
            throw new IllegalArgumentException(marker + ": kind '" + kind + "', expected '" + STAGE2 + "' or '" + GROWN + "'");
        }
        List<GrownGenerator.Stage> stages = new ArrayList<>();
        for (Object o : g.getList(STAGES)) {
            JsonFields s = JsonFields.of(o, marker + " " + STAGES);
            stages.add(new GrownGenerator.Stage(s.getInt("resolution"), s.getInt("width")));
        }
        try {
            return new GrownGenerator(config, stages, backend, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(marker + ": " + e.getMessage(), e);
        }
    }

    /** The fields of generator.json that say which generator a folder holds ({@link #architecture}). */
    public static Map<String, Object> kindOf(TrainableGenerator g) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (g instanceof GrownGenerator grown) {
            m.put(KIND, GROWN);
            List<Object> stages = new ArrayList<>();
            for (GrownGenerator.Stage s : grown.stages()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("resolution", (long) s.resolution());
                e.put("width", (long) s.width());
                stages.add(e);
            }
            m.put(STAGES, stages);
        } else {
            m.put(KIND, STAGE2);
        }
        return m;
    }
}
