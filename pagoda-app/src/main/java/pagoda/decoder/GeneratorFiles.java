package pagoda.decoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import pagoda.tensor.Backend;
import pagoda.tensor.io.JsonFields;
import pagoda.tensor.io.Json;
import pagoda.unet.EDMPrecond;
import pagoda.unet.TeacherFiles;

/**
 * A one-step generator on disk, as {@code --generator} takes it: a folder with {@code generator.json} (format
 * {@value #FORMAT}, sigma 80), {@code config.json} and {@code model.safetensors} (EDM's key names; F32, F16 or
 * BF16): a {@code train-decoder} run, whose model.safetensors holds G's EMA weights of its newest checkpoint, or
 * an export of one.
 */
public final class GeneratorFiles {
    public static final String FORMAT = "pagoda.generator/1";

    private GeneratorFiles() {
    }

    /**
     * Loads the generator of {@code dir} onto {@code backend}, in evaluation mode.
     *
     * @throws IllegalArgumentException naming the folder and the file that is missing or does not fit
     */
    public static Generator load(Path dir, Backend backend) throws IOException {
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
        Path weights = dir.resolve(DecoderRun.MODEL);
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException(dir + " has no " + DecoderRun.MODEL + " yet: a decoder run writes it with its first checkpoint");
        }
        EDMPrecond net = TeacherFiles.load(dir.resolve(DecoderRun.MODEL_CONFIG), weights, backend);
        Generator generator = Generator.copyOf(net, backend);
        generator.train(false);
        return generator;
    }
}
