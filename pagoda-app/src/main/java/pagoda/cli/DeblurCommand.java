package pagoda.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import pagoda.decoder.OneStepGenerator;
import pagoda.inverse.GaussianBlur;
import pagoda.inverse.Measurement;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/** {@code pagoda deblur}: sharpens an image blurred by a known Gaussian by fitting the generator's latent. */
@Command(name = "deblur", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Deblurs an image: min_z |B(G(z)) - x|^2 + w |z|^2 / (2 * 80^2), Adam on z, B the",
                "Gaussian blur of --sigma pixels (at the generator's resolution) the input went through.",
                "Baseline: the blurred input.",
                "Without --teacher: the teacher the generator's generator.json records."})
final class DeblurCommand extends LatentCommand {
    @Option(names = "--sigma", paramLabel = "PX", converter = Converters.PositiveNumber.class,
            description = "The blur's standard deviation in pixels of the generator's resolution (default: ${DEFAULT-VALUE}).")
    double sigma = 1.0;

    @Override
    Measurement operator(Backend backend, OneStepGenerator g) {
        try {
            return new GaussianBlur(backend, sigma);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--sigma " + sigma + ": " + e.getMessage());
        }
    }

    /** The input is the blurred image. */
    @Override
    Tensor measurements(Measurement a, Tensor input) {
        return input;
    }
}
