package pagoda.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import pagoda.tensor.Backend;
import pagoda.unet.EDMPrecond;
import pagoda.unet.TeacherFiles;

/**
 * Finds and loads a teacher for the commands that take {@code --teacher}: a folder with config.json and
 * model.safetensors (an exported teacher such as {@code models/teacher-emoji16}, or a training run, whose
 * model.safetensors holds the EMA weights of its newest checkpoint), or a weights file with a config.json
 * beside it. Weights stored as F16 or BF16 are widened to float32 on load.
 */
public final class TeacherLoader {
    private TeacherLoader() {
    }

    /**
     * Loads the teacher at {@code path} onto {@code backend}, in evaluation mode.
     *
     * @throws IllegalArgumentException naming the path and the file that is missing or does not fit
     */
    public static EDMPrecond load(Path path, Backend backend) throws IOException {
        Path config;
        Path weights;
        if (Files.isDirectory(path)) {
            config = path.resolve(RunFolder.MODEL_CONFIG);
            weights = path.resolve(RunFolder.MODEL);
            if (!Files.isRegularFile(weights) && Files.isRegularFile(path.resolve(RunFolder.TRAIN_CONFIG))) {
                throw new IllegalArgumentException(path + " is a training run without " + RunFolder.MODEL
                        + " yet: the run writes it with its first checkpoint");
            }
        } else if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".safetensors")) {
            weights = path;
            config = path.toAbsolutePath().resolveSibling(RunFolder.MODEL_CONFIG);
        } else {
            throw new IllegalArgumentException(path + " is neither a teacher folder (config.json + model.safetensors) "
                    + "nor a .safetensors file" + (Files.exists(path) ? "" : " (it does not exist)"));
        }
        for (Path required : new Path[] {config, weights}) {
            if (!Files.isRegularFile(required)) {
                throw new IllegalArgumentException("teacher " + path + ": " + required + " is missing");
            }
        }
        EDMPrecond net = TeacherFiles.load(config, weights, backend);
        net.eval();
        return net;
    }
}
