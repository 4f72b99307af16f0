package pagoda.eval;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The mean and covariance of a set of feature vectors, in double: the sufficient statistics of the
 * Gaussian that the Frechet distance fits to each set. The covariance is the unbiased one (divisor
 * n - 1), as {@code numpy.cov} and pytorch-fid use.
 *
 * @param n    number of feature vectors
 * @param mean the mean, length d
 * @param cov  the covariance, d x d, row-major and symmetric
 */
public record FeatureStats(int n, double[] mean, double[] cov) {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    public FeatureStats {
        int d = mean.length;
        if (cov.length != d * d) {
            throw new IllegalArgumentException("covariance of " + cov.length + " values is not " + d + " x " + d);
        }
    }

    public int dim() {
        return mean.length;
    }

    /** Statistics of {@code features}, row-major [n, d] with n >= 2. */
    public static FeatureStats of(float[] features, int n, int d) {
        if (n < 2 || d < 1 || (long) n * d != features.length) {
            throw new IllegalArgumentException("feature statistics need n >= 2 vectors of d >= 1 values; got "
                    + features.length + " values as [" + n + ", " + d + "]");
        }
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += features[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        // Centred columns, one per feature, so that each covariance entry is one contiguous dot product.
        double[][] columns = new double[d][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                columns[j][i] = features[i * d + j] - mean[j];
            }
        }
        double[] cov = new double[d * d];
        for (int j = 0; j < d; j++) {
            for (int k = j; k < d; k++) {
                double c = dot(columns[j], columns[k]) / (n - 1);
                cov[j * d + k] = c;
                cov[k * d + j] = c;
            }
        }
        return new FeatureStats(n, mean, cov);
    }

    private static double dot(double[] a, double[] b) {
        int n = a.length;
        int bound = D.loopBound(n);
        DoubleVector acc = DoubleVector.zero(D);
        int i = 0;
        for (; i < bound; i += D.length()) {
            acc = DoubleVector.fromArray(D, a, i).fma(DoubleVector.fromArray(D, b, i), acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
