package pagoda.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import pagoda.decoder.GeneratorFiles;
import pagoda.decoder.TrainableGenerator;
import pagoda.teacher.BundledModels;
import pagoda.tensor.Backend;

/** {@code --generator}, as every command that runs a one-step generator takes it ({@link GeneratorFiles}). */
final class GeneratorOption {
    @Option(names = "--generator", required = true, paramLabel = "RUN",
            description = "A one-step generator: a train-decoder run folder (its EMA weights), an export of one, or the "
                    + "name of a model under models/ (generator-emoji16); stage 2's or a grown one.")
    String generator;

    /** The folder {@code --generator} names: itself when it exists, else the bundled model of that name. */
    Path folder() {
        Path p = Path.of(generator);
        if (Files.exists(p) || !BundledModels.isName(generator)) {
            return p;
        }
        Path bundled = BundledModels.find(generator);
        return bundled != null ? bundled : p;
    }

    /** Loads the generator; anything wrong with it is a bad --generator (exit status 2). */
    TrainableGenerator load(CommandSpec command, Backend backend) throws IOException {
        try {
            return GeneratorFiles.load(folder(), backend);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--generator " + generator + ": " + e.getMessage());
        }
    }
}
