package pagoda.teacher;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import pagoda.tensor.random.Philox;

/** A folder of small PNGs for tests: smooth seeded colour patterns, 12x10 (not square, so the crop runs). */
public final class TinyImages {
    private TinyImages() {
    }

    /**
     * Writes {@code count} images into {@code dir}, spread over {@code classes} sub-folders c0, c1, ... (0: no
     * sub-folders, an unlabelled source).
     */
    public static Path write(Path dir, int count, int classes, long seed) throws IOException {
        float[] p = new float[6];
        for (int i = 0; i < count; i++) {
            Philox.fill(p, 0, p.length, seed, i * 8L, false, 0f, 1f);
            BufferedImage img = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 12; x++) {
                    int r = channel(p[0], p[3], x, y);
                    int g = channel(p[1], p[4], y, x);
                    int b = channel(p[2], p[5], x + y, x - y);
                    img.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            Path folder = classes == 0 ? dir : dir.resolve("c" + (i % classes));
            Files.createDirectories(folder);
            ImageIO.write(img, "png", folder.resolve(String.format("img%03d.png", i)).toFile());
        }
        return dir;
    }

    private static int channel(float phase, float freq, int u, int v) {
        double s = Math.sin(6.28 * (phase + (0.5 + freq) * u / 12.0) + 0.3 * v);
        return (int) Math.round(127.5 + 120 * s);
    }
}
