package pagoda.image;

import pagoda.tensor.ResizeFilter;

/**
 * Takes an image to a square resolution R the way the reference prepares its data (ADM's
 * {@code center_crop_arr} in openai/guided-diffusion, which PaGoDA's data loader uses), on 8-bit images
 * with PIL's arithmetic ({@link PilResize}):
 * <ol>
 *   <li>while the short side is at least 2R, halve both sides ({@code size // 2}) with the box filter:
 *       area averaging, cheap and alias-free for large images;</li>
 *   <li>resize with the bicubic filter so that the short side becomes R, the long side
 *       {@code round(side * R / short)} (Python's round: half to even);</li>
 *   <li>crop the centre R x R window, its top-left corner at {@code ((H - R) // 2, (W - R) // 2)}.</li>
 * </ol>
 * An image already R on its short side passes step 2 unchanged (PIL copies on a same-size resize).
 */
public final class CenterCrop {
    private CenterCrop() {
    }

    /** The R x R image of the reference pipeline. */
    public static ByteImage toResolution(ByteImage image, int resolution) {
        checkResolution(resolution);
        ByteImage img = image;
        while (Math.min(img.height(), img.width()) >= 2 * resolution) {
            img = PilResize.resize(img, img.height() / 2, img.width() / 2, ResizeFilter.BOX);
        }
        double scale = (double) resolution / Math.min(img.height(), img.width());
        int h = (int) Math.rint(img.height() * scale);
        int w = (int) Math.rint(img.width() * scale);
        img = PilResize.resize(img, h, w, ResizeFilter.BICUBIC);
        return img.crop((h - resolution) / 2, (w - resolution) / 2, resolution, resolution);
    }

    /** How many 2x box halvings {@link #toResolution} applies to an H x W image. */
    public static int halvings(int height, int width, int resolution) {
        checkResolution(resolution);
        int n = 0;
        while (Math.min(height, width) >= 2 * resolution) {
            height /= 2;
            width /= 2;
            n++;
        }
        return n;
    }

    private static void checkResolution(int resolution) {
        if (resolution < 1) {
            throw new IllegalArgumentException("resolution must be a positive number of pixels, got " + resolution);
        }
    }
}
