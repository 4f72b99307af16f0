package pagoda.eval;

import java.io.IOException;
import java.util.Arrays;
import pagoda.tensor.Backend;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;

/** Runs a {@link FeatureNetwork} over an image set in batches, and the input checks all networks share. */
public final class FeatureExtraction {
    private FeatureExtraction() {
    }

    /** Features of all images of {@code images} [N, C, H, W], {@code batch} at a time. */
    public static Features extract(FeatureNetwork net, Tensor images, int batch) {
        int n = images.size(0);
        float[] out = new float[n * net.dim()];
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            float[] f = net.forward(images.slice(0, from, to)).toFloatArray();
            System.arraycopy(f, 0, out, from * net.dim(), f.length);
        }
        return new Features(out, n, net.dim());
    }

    /**
     * Features of the first {@code count} images of {@code source}, each brought to {@code resolution}
     * x {@code resolution} first ({@link #atResolution}), {@code batch} images at a time.
     */
    public static Features extract(FeatureNetwork net, ImageSource source, int count, int resolution, int batch,
                                   Backend backend) throws IOException {
        if (count > source.size()) {
            throw new IllegalArgumentException(source.describe() + ": " + count + " images asked for, it holds " + source.size());
        }
        float[] out = new float[count * net.dim()];
        for (int from = 0; from < count; from += batch) {
            int to = Math.min(count, from + batch);
            Tensor x = atResolution(source.read(from, to, backend), resolution);
            float[] f = net.forward(x).toFloatArray();
            System.arraycopy(f, 0, out, from * net.dim(), f.length);
        }
        return new Features(out, count, net.dim());
    }

    /**
     * Images at {@code r} x {@code r}: unchanged when they are, else resized with PIL's antialiased
     * bicubic filter and clamped to [-1, 1] (as resizing an 8-bit image file would), so that sample and
     * real sets reach the feature network through the same resampling.
     */
    public static Tensor atResolution(Tensor images, int r) {
        if (images.size(2) == r && images.size(3) == r) {
            return images;
        }
        return Ops.clamp(NnOps.resize(images, r, r, ResizeFilter.BICUBIC, true), -1f, 1f);
    }

    /** Checks [N, C, H, W] with C 1 or 3 and H, W >= {@code minSize}; returns three channels (grey repeated). */
    static Tensor rgb(String network, Tensor images, int minSize) {
        int[] s = images.shape();
        if (s.length != 4 || (s[1] != 1 && s[1] != 3)) {
            throw new IllegalArgumentException(network + ": expected images [N, C, H, W] with C = 1 or 3, got "
                    + Arrays.toString(s));
        }
        if (s[2] < minSize || s[3] < minSize) {
            throw new IllegalArgumentException(network + ": images of " + s[2] + "x" + s[3] + " are below its minimum size "
                    + minSize + "x" + minSize);
        }
        return s[1] == 3 ? images : Ops.cat(1, images, images, images);
    }
}
