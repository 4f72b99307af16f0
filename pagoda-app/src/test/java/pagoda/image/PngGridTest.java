package pagoda.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;

/** Grids of [-1, 1] images as PNG files. */
class PngGridTest {
    @TempDir
    Path dir;

    @Test
    void tilesRowByRowWithPaddingAndMapsMinusOneToOneOnto0To255() throws IOException {
        int n = 3;
        float[] v = new float[n * 3 * 2 * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = -1f + 2f * i / (v.length - 1);
        }
        Tensor t = Tensor.of(Backends.reference(), v, n, 3, 2, 2);
        Path file = dir.resolve("g.png");
        PngGrid.write(file, t, 2, 1);
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(5, img.getWidth());
        assertEquals(5, img.getHeight());
        for (int k = 0; k < n; k++) {
            int oy = (k / 2) * 3;
            int ox = (k % 2) * 3;
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    int p = img.getRGB(ox + x, oy + y);
                    for (int c = 0; c < 3; c++) {
                        float x01 = v[((k * 3 + c) * 2 + y) * 2 + x];
                        int want = (int) Math.min(255, Math.max(0, Math.floor(x01 * 127.5 + 128)));
                        assertEquals(want, (p >> (16 - 8 * c)) & 0xFF, "image " + k + " channel " + c);
                    }
                }
            }
        }
        assertEquals(0xFFFFFF, img.getRGB(2, 0) & 0xFFFFFF, "padding");
        assertEquals(0xFFFFFF, img.getRGB(4, 4) & 0xFFFFFF, "the empty fourth tile");
    }

    @Test
    void oneChannelGivesAGreyPng() throws IOException {
        Tensor t = Tensor.of(Backends.reference(), new float[] {-1f, 1f, 0f, 0.5f}, 1, 1, 2, 2);
        Path file = dir.resolve("grey.png");
        PngGrid.write(file, t, 1, 0);
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        assertEquals(0, img.getRaster().getSample(0, 0, 0));
        assertEquals(255, img.getRaster().getSample(1, 0, 0));
        assertEquals(128, img.getRaster().getSample(0, 1, 0));
        assertEquals(191, img.getRaster().getSample(1, 1, 0));
    }

    @Test
    void badInputIsNamed() {
        Tensor nan = Tensor.of(Backends.reference(), new float[] {0f, Float.NaN, 0f, 0f}, 1, 1, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PngGrid.fromTensor(nan));
        assertTrue(e.getMessage().contains("image 0 holds NaN (element 1)"), e.getMessage());
        Tensor twoChannels = Tensor.zeros(Backends.reference(), 1, 2, 2, 2);
        assertThrows(IllegalArgumentException.class, () -> PngGrid.fromTensor(twoChannels));
        Tensor ok = Tensor.zeros(Backends.reference(), 1, 1, 2, 2);
        assertThrows(NoSuchFileException.class, () -> PngGrid.write(dir.resolve("missing/g.png"), ok, 1, 0));
    }
}
