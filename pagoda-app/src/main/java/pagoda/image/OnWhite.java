package pagoda.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * Converts a decoded {@link BufferedImage} to an 8-bit RGB {@link ByteImage}, compositing any alpha onto
 * white: {@code out = round(c a / 255 + 255 (1 - a / 255))}, half up, in integers. White is the emoji
 * font's own background; transparent pixels keep no colour of their own (PNG encoders store anything
 * under alpha 0), so dropping alpha instead would show noise.
 *
 * <p>Grey images are read from their samples, not through {@link BufferedImage#getRGB}: Java's grey colour
 * space is linear, and getRGB would brighten every value by the sRGB curve, where PIL (and the file)
 * mean the stored values. Samples of more than 8 bits are scaled to 8 bits with rounding.
 */
public final class OnWhite {
    private OnWhite() {
    }

    /** The image as RGB [3, H, W], alpha composited onto white. */
    public static ByteImage rgb(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        ByteImage out = ByteImage.zeros(3, h, w);
        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster r = image.getRaster();
            boolean alpha = image.getColorModel().hasAlpha();
            int greyMax = (1 << image.getColorModel().getComponentSize(0)) - 1;
            int alphaMax = alpha ? (1 << image.getColorModel().getComponentSize(1)) - 1 : 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = to8(r.getSample(x, y, 0), greyMax);
                    int a = alpha ? to8(r.getSample(x, y, 1), alphaMax) : 255;
                    int c = composite(v, a);
                    out.set(0, y, x, c);
                    out.set(1, y, x, c);
                    out.set(2, y, x, c);
                }
            }
            return out;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = argb[y * w + x];
                int a = p >>> 24;
                out.set(0, y, x, composite((p >> 16) & 0xFF, a));
                out.set(1, y, x, composite((p >> 8) & 0xFF, a));
                out.set(2, y, x, composite(p & 0xFF, a));
            }
        }
        return out;
    }

    /** {@code round(c a / 255 + 255 - a)}, half up: {@code (2 (c a + 255 (255 - a)) + 255) / 510}. */
    static int composite(int c, int a) {
        return (2 * (c * a + 255 * (255 - a)) + 255) / 510;
    }

    private static int to8(int v, int max) {
        return max == 255 ? v : (int) ((v * 255L * 2 + max) / (2L * max));
    }
}
