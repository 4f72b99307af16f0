package pagoda.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import pagoda.image.ByteImage;
import pagoda.image.OnWhite;

/** Reads an image file an option names; a missing or undecodable file is a bad argument naming the option. */
final class ImageInput {
    private ImageInput() {
    }

    /** The image as RGB [3, H, W], alpha composited onto white. */
    static ByteImage read(CommandSpec spec, String option, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), option + " " + file + ": no such file");
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new ParameterException(spec.commandLine(), option + " " + file + ": not an image this JDK can decode (PNG, JPEG, GIF, BMP)");
        }
        return OnWhite.rgb(image);
    }
}
