package pagoda.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small images for tests, encoded with ImageIO. */
final class TestImages {
    private TestImages() {
    }

    /** A w x h ARGB image whose pixel (x, y) is argb(x, y). */
    static BufferedImage argb(int w, int h, PixelFunction argb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, argb.at(x, y));
            }
        }
        return img;
    }

    /** An opaque RGB image of a pattern that differs between neighbours, so that every resize changes it. */
    static BufferedImage pattern(int w, int h, int salt) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 37 + y * 11 + salt * 53) & 0xFF;
                int g = (x * 5 + y * 71 + salt * 7) & 0xFF;
                int b = (x * y + salt) & 0xFF;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] png(BufferedImage img) {
        return encode(img, "png");
    }

    static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    @FunctionalInterface
    interface PixelFunction {
        int at(int x, int y);
    }
}
