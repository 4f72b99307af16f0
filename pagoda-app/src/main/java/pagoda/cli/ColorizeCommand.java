package pagoda.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import pagoda.decoder.OneStepGenerator;
import pagoda.inverse.Greyscale;
import pagoda.inverse.Measurement;
import pagoda.tensor.Backend;

/** {@code pagoda colorize}: colours a grey image by fitting the generator's latent to its luma. */
@Command(name = "colorize", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Colourises an image: min_z |L(G(z)) - L(x)|^2 + w |z|^2 / (2 * 80^2), Adam on z,",
                "L the BT.601 luma (0.299 R + 0.587 G + 0.114 B). A colour input is turned grey first.",
                "Baseline: the grey image in all three channels.",
                "Without --teacher: the teacher the generator's generator.json records."})
final class ColorizeCommand extends LatentCommand {
    @Override
    Measurement operator(Backend backend, OneStepGenerator g) {
        if (g.channels() != 3) {
            throw new ParameterException(spec.commandLine(), "--generator " + generator.generator + ": colourisation needs an RGB generator; this one makes "
                    + g.channels() + "-channel images");
        }
        return new Greyscale(backend);
    }
}
