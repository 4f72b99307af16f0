package pagoda.image;

import pagoda.tensor.ResizeFilter;

/**
 * The taps of Pillow's 8-bit resize along one axis ({@code precompute_coeffs} and
 * {@code normalize_coeffs_8bpc} in Pillow's {@code libImaging/Resample.c}), evaluated with Pillow's own
 * order of floating-point operations so that the integer weights, and therefore every output pixel, are
 * the ones PIL computes.
 *
 * <p>This is the formula of {@link pagoda.tensor.ResizeTaps} (the float backends' definition, whose
 * kernels {@link ResizeFilter} are reused here), with two differences that matter for 8-bit output: the
 * kernel argument is {@code ((j + start) - centre + 0.5) * (1 / stretch)}, a product with a reciprocal
 * where ResizeTaps divides (the last bit can differ, and the box kernel's edges at exactly +-1/2 are
 * decided by it), and the normalised weights are rounded half away from zero to fixed point with
 * {@link #PRECISION_BITS} fraction bits.
 */
final class PilTaps {
    /** Pillow's fraction bits: 32 - 8 - 2, room for 8-bit data and the overshoot of negative lobes. */
    static final int PRECISION_BITS = 22;

    private final int[] start;
    private final double[][] weights;
    private final int[][] fixed;

    private PilTaps(int[] start, double[][] weights, int[][] fixed) {
        this.start = start;
        this.weights = weights;
        this.fixed = fixed;
    }

    /** The taps that take {@code inSize} pixels to {@code outSize} pixels (antialiased when shrinking, as PIL always is). */
    static PilTaps of(int inSize, int outSize, ResizeFilter filter) {
        if (inSize < 1 || outSize < 1) {
            throw new IllegalArgumentException("resize: sizes must be positive, got " + inSize + " -> " + outSize);
        }
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support() * filterScale;
        double reciprocal = 1.0 / filterScale;
        int[] start = new int[outSize];
        double[][] weights = new double[outSize][];
        int[][] fixed = new int[outSize][];
        for (int i = 0; i < outSize; i++) {
            double centre = (i + 0.5) * scale;
            int lo = Math.max(0, (int) (centre - support + 0.5));
            int hi = Math.min(inSize, (int) (centre + support + 0.5));
            double[] w = new double[Math.max(0, hi - lo)];
            double sum = 0.0;
            for (int t = 0; t < w.length; t++) {
                w[t] = filter.weight(((t + lo) - centre + 0.5) * reciprocal);
                sum += w[t];
            }
            int[] k = new int[w.length];
            for (int t = 0; t < w.length; t++) {
                if (sum != 0.0) {
                    w[t] /= sum;
                }
                double scaled = w[t] * (1 << PRECISION_BITS);
                k[t] = (int) (w[t] < 0 ? scaled - 0.5 : scaled + 0.5);
            }
            start[i] = lo;
            weights[i] = w;
            fixed[i] = k;
        }
        return new PilTaps(start, weights, fixed);
    }

    int outSize() {
        return start.length;
    }

    int start(int i) {
        return start[i];
    }

    int size(int i) {
        return fixed[i].length;
    }

    /** The normalised weight before rounding to fixed point. */
    double weight(int i, int t) {
        return weights[i][t];
    }

    /** The fixed-point weight, {@code round(weight * 2^22)} half away from zero. */
    int fixedWeight(int i, int t) {
        return fixed[i][t];
    }

    /**
     * Pillow's {@code clip8}: the accumulator (which starts at half a unit, so the shift rounds half up)
     * shifted down to 8 bits and clamped to 0 .. 255.
     */
    static int clip8(int accumulator) {
        int v = accumulator >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
