package pagoda.eval;

import java.util.Arrays;
import pagoda.tensor.Ops;
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
