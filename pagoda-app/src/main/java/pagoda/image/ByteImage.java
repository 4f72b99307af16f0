package pagoda.image;

import java.util.Arrays;

/**
 * An 8-bit image with planar channels, laid out C, H, W (the layout of one sample of an N, C, H, W batch).
 * Data sets keep their pixels in this form: the reference pipeline works on 8-bit images (PIL), so a
 * float copy would only add rounding and four times the memory.
 */
public record ByteImage(int channels, int height, int width, byte[] data) {

    public ByteImage {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape [" + channels + ", " + height + ", " + width + "] must be positive");
        }
        if (data.length != (long) channels * height * width) {
            throw new IllegalArgumentException(data.length + " bytes do not fill an image [" + channels + ", " + height + ", "
                    + width + "]");
        }
    }

    /** A black image. */
    public static ByteImage zeros(int channels, int height, int width) {
        return new ByteImage(channels, height, width, new byte[channels * height * width]);
    }

    /** The value 0 .. 255 of channel {@code c} at row {@code y}, column {@code x}. */
    public int get(int c, int y, int x) {
        return data[(c * height + y) * width + x] & 0xFF;
    }

    public void set(int c, int y, int x, int value) {
        data[(c * height + y) * width + x] = (byte) value;
    }

    /** The {@code h} x {@code w} window whose top-left pixel is ({@code top}, {@code left}). */
    public ByteImage crop(int top, int left, int h, int w) {
        if (top < 0 || left < 0 || h < 1 || w < 1 || top + h > height || left + w > width) {
            throw new IllegalArgumentException("crop " + h + "x" + w + " at (" + top + ", " + left + ") does not fit a "
                    + height + "x" + width + " image");
        }
        byte[] out = new byte[channels * h * w];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(data, (c * height + top + y) * width + left, out, (c * h + y) * w, w);
            }
        }
        return new ByteImage(channels, h, w, out);
    }

    /** The mirror image (columns reversed). */
    public ByteImage flipHorizontal() {
        byte[] out = new byte[data.length];
        for (int row = 0; row < channels * height; row++) {
            int base = row * width;
            for (int x = 0; x < width; x++) {
                out[base + x] = data[base + width - 1 - x];
            }
        }
        return new ByteImage(channels, height, width, out);
    }

    /** The standard deviation of all C x H x W values, in 8-bit units. */
    public double std() {
        double sum = 0.0;
        for (byte b : data) {
            sum += b & 0xFF;
        }
        double mean = sum / data.length;
        double sq = 0.0;
        for (byte b : data) {
            double d = (b & 0xFF) - mean;
            sq += d * d;
        }
        return Math.sqrt(sq / data.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteImage b && b.channels == channels && b.height == height && b.width == width
                && Arrays.equals(b.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + (channels * 31 + height) * 31 + width;
    }

    @Override
    public String toString() {
        return "ByteImage[" + channels + ", " + height + ", " + width + "]";
    }
}
