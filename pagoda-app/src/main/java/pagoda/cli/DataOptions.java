package pagoda.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import pagoda.data.DataException;
import pagoda.data.DataLog;
import pagoda.data.DataSpec;
import pagoda.data.ImageDataset;
import pagoda.data.MalformedDataException;
import pagoda.data.Split;
import pagoda.unet.UNetConfig;

/**
 * The data a teacher command reads: {@code --data}, {@code --resolution} (the teacher's by default) and
 * {@code --split}; opened and checked against the teacher's channels, resolution and classes.
 */
final class DataOptions {
    @Option(names = "--data", required = true, paramLabel = "SOURCE", converter = DataCommand.SourceConverter.class,
            description = "emoji, emoji:FONT.ttf, fmnist, fmnist:DIR, or a folder of images (class sub-folders become labels).")
    DataSpec source;

    @Option(names = "--resolution", paramLabel = "R", converter = Converters.PositiveInt.class,
            description = "Image side; must be the teacher's (default: the teacher's).")
    Integer resolution;

    /**
     * Opens the split at the teacher's resolution, caching the decoded images in {@code cache} (null: none).
     * A missing source, a resolution or channel count the teacher does not take, or labels that do not fit its
     * classes are bad arguments naming the option.
     */
    ImageDataset open(CommandSpec command, UNetConfig teacher, Split split, Path cache, DataLog log) throws IOException {
        int r = teacher.imgResolution();
        if (resolution != null && resolution != r) {
            throw bad(command, "--resolution " + resolution + ": the teacher works at " + r + "x" + r);
        }
        ImageDataset ds;
        try {
            ds = ImageDataset.open(source, r, split, cache, log);
        } catch (MalformedDataException e) {
            throw e;
        } catch (DataException e) {
            throw bad(command, "--data " + source + ": " + e.getMessage());
        }
        if (ds.size() == 0) {
            throw bad(command, "--data " + source + ": the " + split + " split holds no images");
        }
        if (ds.channels() != teacher.imgChannels()) {
            throw bad(command, "--data " + source + " has " + ds.channels() + "-channel images; the teacher takes " + teacher.imgChannels());
        }
        if (teacher.labelDim() > 0 && ds.numClasses() != teacher.labelDim()) {
            throw bad(command, "--data " + source + " has " + (ds.labelled() ? ds.numClasses() + " classes" : "no labels")
                    + "; the class-conditional teacher takes " + teacher.labelDim());
        }
        return ds;
    }

    private static ParameterException bad(CommandSpec command, String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
