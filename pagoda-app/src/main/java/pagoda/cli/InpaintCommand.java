package pagoda.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import pagoda.decoder.OneStepGenerator;
import pagoda.image.ByteImage;
import pagoda.inverse.ImageTensors;
import pagoda.inverse.Mask;
import pagoda.inverse.Measurement;
import pagoda.tensor.Backend;

/** {@code pagoda inpaint}: fills the missing pixels of an image by fitting the generator's latent to the known ones. */
@Command(name = "inpaint", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Inpaints an image: min_z |m (G(z) - x)|^2 + w |z|^2 / (2 * 80^2), Adam on z.",
                "The mask is an image of the same shape: white (>= 128) where the pixel is known, black",
                "where it is missing; both are brought to the generator's resolution by the data pipeline.",
                "Baseline: the missing pixels filled by repeated 4-neighbour averaging (a blurred fill).",
                "Without --teacher: the teacher the generator's generator.json records."})
final class InpaintCommand extends LatentCommand {
    @Option(names = "--mask", required = true, paramLabel = "IMAGE", description = "White where known, black where missing.")
    Path mask;

    @Override
    Measurement operator(Backend backend, OneStepGenerator g) throws IOException {
        ByteImage m = ImageInput.read(spec, "--mask", mask);
        ByteImage fitted = ImageTensors.toResolution(List.of(m), g.resolution()).getFirst();
        try {
            return Mask.of(backend, fitted);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--mask " + mask + ": " + e.getMessage());
        }
    }
}
