package pagoda.api.example;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import pagoda.api.Images;
import pagoda.api.Pagoda;

/**
 * Samples with a one-step generator and super-resolves an image (the third argument, or the first sample):
 * {@code samples.png} and {@code super-resolved.png} in a folder.
 */
public final class EmbedExample {
    public static void main(String[] args) throws IOException {
        String generator = args.length > 0 ? args[0] : "generator-emoji128";
        Path out = Path.of(args.length > 1 ? args[1] : "pagoda-example");
        Files.createDirectories(out);
        try (Pagoda pagoda = Pagoda.open(generator)) {
            Images samples = pagoda.sample(16, 42);
            Files.write(out.resolve("samples.png"), samples.gridPng(4));
            float[] pixels = samples.floats(0);
            System.out.println(samples.size() + " samples of " + pagoda.resolution() + "x" + pagoda.resolution()
                    + "; the first has " + pixels.length + " values in [-1, 1]");
            BufferedImage small = args.length > 2 ? ImageIO.read(Path.of(args[2]).toFile()) : samples.image(0);
            BufferedImage large = pagoda.superResolve(small);
            ImageIO.write(large, "png", out.resolve("super-resolved.png").toFile());
        }
    }
}
