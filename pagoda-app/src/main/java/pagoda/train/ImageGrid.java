package pagoda.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.AtomicFiles;

/** Images [N, C, R, R] in [-1, 1] (C = 1 or 3) tiled row by row into one PNG, with a 1-pixel gap. */
final class ImageGrid {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int GAP = 1;

    private ImageGrid() {
    }

    static void write(Path file, Tensor images, int columns) throws IOException {
        int[] s = images.shape();
        int n = s[0];
        int c = s[1];
        int h = s[2];
        int w = s[3];
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("image grid: expected 1 or 3 channels, got " + c);
        }
        int rows = (n + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * (w + GAP) + GAP, rows * (h + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
        float[] v = images.toFloatArray();
        for (int i = 0; i < n; i++) {
            int x0 = GAP + (i % columns) * (w + GAP);
            int y0 = GAP + (i / columns) * (h + GAP);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = 0;
                    for (int k = 0; k < 3; k++) {
                        int ch = c == 1 ? 0 : k;
                        float f = v[((i * c + ch) * h + y) * w + x];
                        int b = Math.round(Math.clamp((f + 1) * 127.5f, 0f, 255f));
                        rgb = (rgb << 8) | b;
                    }
                    out.setRGB(x0 + x, y0 + y, rgb);
                }
            }
        }
        AtomicFiles.write(file, o -> ImageIO.write(out, "png", o));
    }
}
