package pagoda.image;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.AtomicFiles;

/**
 * Tiles images into one PNG, row by row, written atomically. Images in [-1, 1] map to 8 bits as EDM saves
 * them, {@code clamp(floor(x * 127.5 + 128), 0, 255)}; one channel gives a grey PNG, three an RGB PNG.
 * Neighbouring tiles are separated by {@code padding} pixels of {@code background}.
 */
public final class PngGrid {
    private PngGrid() {
    }

    /** Writes a grid of the images of {@code images} [N, C, H, W] (values in [-1, 1], C = 1 or 3). */
    public static void write(Path file, Tensor images, int columns, int padding) throws IOException {
        AtomicFiles.writeBytes(file, encode(fromTensor(images), columns, padding, 255));
    }

    /** Writes a grid of 8-bit images, all of the same shape. */
    public static void write(Path file, List<ByteImage> images, int columns, int padding) throws IOException {
        AtomicFiles.writeBytes(file, encode(images, columns, padding, 255));
    }

    /** A column count that makes the grid about square: {@code ceil(sqrt(n))}. */
    public static int squareColumns(int n) {
        int c = (int) Math.ceil(Math.sqrt(n));
        return Math.max(1, c);
    }

    /** The images of a [N, C, H, W] tensor in [-1, 1] as 8-bit images; NaN is an error naming the image. */
    public static List<ByteImage> fromTensor(Tensor images) {
        int[] s = images.shape();
        if (s.length != 4 || (s[1] != 1 && s[1] != 3)) {
            throw new IllegalArgumentException("grid: expected images [N, C, H, W] with C = 1 or 3, got "
                    + Arrays.toString(s));
        }
        float[] v = images.contiguous().toFloatArray();
        int per = s[1] * s[2] * s[3];
        List<ByteImage> out = new ArrayList<>(s[0]);
        for (int n = 0; n < s[0]; n++) {
            byte[] b = new byte[per];
            for (int i = 0; i < per; i++) {
                float x = v[n * per + i];
                if (Float.isNaN(x)) {
                    throw new IllegalArgumentException("grid: image " + n + " holds NaN (element " + i + ")");
                }
                b[i] = (byte) Math.clamp((long) Math.floor(x * 127.5 + 128.0), 0, 255);
            }
            out.add(new ByteImage(s[1], s[2], s[3], b));
        }
        return out;
    }

    /** The PNG bytes of the grid. */
    public static byte[] encode(List<ByteImage> images, int columns, int padding, int background) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("grid: no images");
        }
        if (columns < 1 || padding < 0) {
            throw new IllegalArgumentException("grid: columns must be >= 1 and padding >= 0, got " + columns + " and " + padding);
        }
        ByteImage first = images.getFirst();
        int c = first.channels();
        int h = first.height();
        int w = first.width();
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("grid: images need 1 or 3 channels, got " + c);
        }
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        int gw = cols * w + (cols - 1) * padding;
        int gh = rows * h + (rows - 1) * padding;
        BufferedImage grid = new BufferedImage(gw, gh, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster r = grid.getRaster();
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                for (int ch = 0; ch < c; ch++) {
                    r.setSample(x, y, ch, background);
                }
            }
        }
        for (int k = 0; k < images.size(); k++) {
            ByteImage img = images.get(k);
            if (img.channels() != c || img.height() != h || img.width() != w) {
                throw new IllegalArgumentException("grid: image " + k + " is " + img + ", the first is " + first);
            }
            int oy = (k / cols) * (h + padding);
            int ox = (k % cols) * (w + padding);
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        r.setSample(ox + x, oy + y, ch, img.get(ch, y, x));
                    }
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(grid, "png", bytes)) {
                throw new IllegalStateException("this JDK has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
