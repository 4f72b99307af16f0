package pagoda.eval;

import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * Feature vectors of a set of images, row-major [n, dim] on the host: what a {@link FeatureNetwork}
 * produces and every distribution metric consumes.
 */
public record Features(float[] values, int n, int dim) {
    public Features {
        if (n < 0 || dim < 1 || (long) n * dim != values.length) {
            throw new IllegalArgumentException("features: " + values.length + " values are not [" + n + ", " + dim + "]");
        }
    }

    /** From a [n, dim] tensor. */
    public static Features of(Tensor t) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException("features: expected a [n, dim] tensor, got rank " + t.rank());
        }
        return new Features(t.toFloatArray(), t.size(0), t.size(1));
    }

    /** The rows {@code rows[0], rows[1], ...} as a [rows.length, dim] tensor on {@code backend}. */
    public Tensor gather(Backend backend, int[] rows) {
        float[] out = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(values, rows[i] * dim, out, i * dim, dim);
        }
        return Tensor.of(backend, out, rows.length, dim);
    }

    /** Rows [from, to) as a tensor on {@code backend}. */
    public Tensor rows(Backend backend, int from, int to) {
        float[] out = new float[(to - from) * dim];
        System.arraycopy(values, from * dim, out, 0, out.length);
        return Tensor.of(backend, out, to - from, dim);
    }

    /** Rows [from, to) as new features. */
    public Features slice(int from, int to) {
        if (from < 0 || to > n || from > to) {
            throw new IllegalArgumentException("features: rows [" + from + ", " + to + ") of " + n);
        }
        float[] out = new float[(to - from) * dim];
        System.arraycopy(values, from * dim, out, 0, out.length);
        return new Features(out, to - from, dim);
    }

    public FeatureStats stats() {
        return FeatureStats.of(values, n, dim);
    }
}
