package pagoda.tensor;

/**
 * The interpolation taps of a resize along one axis, with the semantics of PIL's {@code Image.resize}
 * ({@code precompute_coeffs} in Pillow's {@code libImaging/Resample.c}). This is the single definition
 * every backend follows: output pixel {@code i} is {@code sum_t weight(i, t) * in[start(i) + t]}.
 *
 * <p>With {@code scale = in / out}, output pixel {@code i} is centred at {@code centre = (i + 0.5) * scale}
 * in input coordinates (pixel centres at half-integers). When shrinking with antialiasing the kernel is
 * stretched by {@code stretch = scale}, so that it covers every input pixel the output pixel stands for;
 * otherwise {@code stretch = 1}. With {@code support = filter.support() * stretch}, the window is
 * <pre>
 *   j in [max(0, floor(centre - support + 0.5)), min(in, floor(centre + support + 0.5)))
 *   weight_j = filter.weight((j + 0.5 - centre) / stretch) / sum of those weights
 * </pre>
 * The weights are normalised so that a constant image stays constant, also where the window is clipped
 * at the border. PIL leaves a window whose weights sum to zero unnormalised; for {@link ResizeFilter}'s
 * kernels that cannot happen, and the same rule is kept so the formula stays PIL's.
 *
 * <p>Everything is computed in double; a float32 backend may round the weights once.
 */
public final class ResizeTaps {
    private final int inSize;
    private final int[] start;
    private final double[][] weights;

    private ResizeTaps(int inSize, int[] start, double[][] weights) {
        this.inSize = inSize;
        this.start = start;
        this.weights = weights;
    }

    /**
     * The taps that take an axis of {@code inSize} pixels to {@code outSize} pixels.
     *
     * @throws IllegalArgumentException when a size is not positive
     */
    public static ResizeTaps of(int inSize, int outSize, ResizeFilter filter, boolean antialias) {
        if (inSize < 1 || outSize < 1) {
            throw new IllegalArgumentException("resize: sizes must be positive, got " + inSize + " -> " + outSize);
        }
        double scale = (double) inSize / outSize;
        double stretch = antialias && scale > 1.0 ? scale : 1.0;
        double support = filter.support() * stretch;
        int[] start = new int[outSize];
        double[][] weights = new double[outSize][];
        for (int i = 0; i < outSize; i++) {
            double centre = (i + 0.5) * scale;
            int lo = Math.max(0, (int) Math.floor(centre - support + 0.5));
            int hi = Math.min(inSize, (int) Math.floor(centre + support + 0.5));
            double[] w = new double[Math.max(0, hi - lo)];
            double sum = 0.0;
            for (int t = 0; t < w.length; t++) {
                w[t] = filter.weight((lo + t + 0.5 - centre) / stretch);
                sum += w[t];
            }
            if (sum != 0.0) {
                for (int t = 0; t < w.length; t++) {
                    w[t] /= sum;
                }
            }
            start[i] = lo;
            weights[i] = w;
        }
        return new ResizeTaps(inSize, start, weights);
    }

    public int inSize() {
        return inSize;
    }

    public int outSize() {
        return start.length;
    }

    /** The first input pixel that output pixel {@code i} reads. */
    public int start(int i) {
        return start[i];
    }

    /** How many consecutive input pixels, from {@link #start}, output pixel {@code i} reads. */
    public int size(int i) {
        return weights[i].length;
    }

    /** The weight of input pixel {@code start(i) + t} in output pixel {@code i}. */
    public double weight(int i, int t) {
        return weights[i][t];
    }

    /** The largest {@link #size} over all output pixels: the width of a packed weight table. */
    public int maxSize() {
        int m = 0;
        for (double[] w : weights) {
            m = Math.max(m, w.length);
        }
        return m;
    }
}
