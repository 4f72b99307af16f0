package pagoda.api;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import pagoda.image.ByteImage;
import pagoda.image.PngGrid;
import pagoda.inverse.ImageTensors;
import pagoda.tensor.Tensor;

/**
 * Images a {@link Pagoda} made: N images of C channels (1 grey, 3 RGB), H x W pixels, as floats in [-1, 1]
 * laid out N, C, H, W, and as 8-bit pictures (EDM's mapping, {@code clamp(floor(127.5 x + 128), 0, 255)}).
 * Holds no native resources; it stays valid after the {@link Pagoda} is closed.
 */
public final class Images {
    private final float[] data;
    private final int n;
    private final int channels;
    private final int height;
    private final int width;
    private final List<ByteImage> bytes;

    Images(Tensor images) {
        int[] s = images.shape();
        this.n = s[0];
        this.channels = s[1];
        this.height = s[2];
        this.width = s[3];
        this.data = images.contiguous().toFloatArray();
        this.bytes = ImageTensors.bytes(images);
    }

    public int size() {
        return n;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** All images, N x C x H x W floats in [-1, 1] (a copy). */
    public float[] floats() {
        return data.clone();
    }

    /** Image {@code i}, C x H x W floats in [-1, 1] (a copy). */
    public float[] floats(int i) {
        check(i);
        int per = channels * height * width;
        float[] out = new float[per];
        System.arraycopy(data, i * per, out, 0, per);
        return out;
    }

    /** Image {@code i} as a BufferedImage (TYPE_INT_RGB, grey images in all three channels). */
    public BufferedImage image(int i) {
        check(i);
        ByteImage b = bytes.get(i);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = b.get(0, y, x);
                int g = b.get(channels == 3 ? 1 : 0, y, x);
                int bl = b.get(channels == 3 ? 2 : 0, y, x);
                out.setRGB(x, y, (r << 16) | (g << 8) | bl);
            }
        }
        return out;
    }

    /** Every image as a BufferedImage. */
    public List<BufferedImage> images() {
        List<BufferedImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(image(i));
        }
        return out;
    }

    /** Image {@code i} as the bytes of a PNG file. */
    public byte[] png(int i) {
        check(i);
        return PngGrid.encode(List.of(bytes.get(i)), 1, 0, 255);
    }

    /** All images tiled into one PNG, {@code columns} per row, one white pixel between them. */
    public byte[] gridPng(int columns) {
        return PngGrid.encode(bytes, columns, 1, 255);
    }

    private void check(int i) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("image " + i + " of " + n);
        }
    }
}
