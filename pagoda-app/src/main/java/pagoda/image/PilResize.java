package pagoda.image;

import pagoda.tensor.ResizeFilter;

/**
 * {@code PIL.Image.resize} for 8-bit images, bit for bit (Pillow 9 and later, without
 * {@code reducing_gap}): a separable resize done as two passes, horizontal first, each rounding to 8
 * bits, with the fixed-point weights of {@link PilTaps}. A pass whose axis keeps its size is skipped, as
 * PIL skips it, and a resize to the same size is a copy.
 *
 * <p>The reference data pipeline (guided-diffusion's {@code center_crop_arr}, used by PaGoDA) runs on PIL
 * images, so its output depends on this 8-bit arithmetic and on the rounding between the passes: a 2x box
 * halving of {@code [[0, 1], [0, 0]]} gives 1, not round(1/4) = 0. {@code NnOps.resize} computes the same
 * filter in float without the intermediate rounding, which is right for tensors inside a network and
 * differs from the reference by up to a level here, hence this 8-bit twin for data preparation.
 */
public final class PilResize {
    private PilResize() {
    }

    /** {@code image} resized to {@code outHeight} x {@code outWidth} with {@code filter} (antialiased when shrinking). */
    public static ByteImage resize(ByteImage image, int outHeight, int outWidth, ResizeFilter filter) {
        ByteImage out = image;
        if (outWidth != image.width()) {
            out = horizontal(out, PilTaps.of(image.width(), outWidth, filter));
        }
        if (outHeight != image.height()) {
            out = vertical(out, PilTaps.of(image.height(), outHeight, filter));
        }
        return out == image ? new ByteImage(image.channels(), image.height(), image.width(), image.data().clone()) : out;
    }

    private static ByteImage horizontal(ByteImage in, PilTaps taps) {
        int h = in.height();
        int w = in.width();
        int ow = taps.outSize();
        byte[] src = in.data();
        byte[] dst = new byte[in.channels() * h * ow];
        for (int row = 0; row < in.channels() * h; row++) {
            int srcRow = row * w;
            int dstRow = row * ow;
            for (int j = 0; j < ow; j++) {
                int acc = 1 << (PilTaps.PRECISION_BITS - 1);
                int s = srcRow + taps.start(j);
                for (int t = 0; t < taps.size(j); t++) {
                    acc += (src[s + t] & 0xFF) * taps.fixedWeight(j, t);
                }
                dst[dstRow + j] = (byte) PilTaps.clip8(acc);
            }
        }
        return new ByteImage(in.channels(), h, ow, dst);
    }

    private static ByteImage vertical(ByteImage in, PilTaps taps) {
        int h = in.height();
        int w = in.width();
        int oh = taps.outSize();
        byte[] src = in.data();
        byte[] dst = new byte[in.channels() * oh * w];
        for (int c = 0; c < in.channels(); c++) {
            for (int i = 0; i < oh; i++) {
                int dstRow = (c * oh + i) * w;
                int first = (c * h + taps.start(i)) * w;
                for (int x = 0; x < w; x++) {
                    int acc = 1 << (PilTaps.PRECISION_BITS - 1);
                    for (int t = 0; t < taps.size(i); t++) {
                        acc += (src[first + t * w + x] & 0xFF) * taps.fixedWeight(i, t);
                    }
                    dst[dstRow + x] = (byte) PilTaps.clip8(acc);
                }
            }
        }
        return new ByteImage(in.channels(), oh, w, dst);
    }
}
