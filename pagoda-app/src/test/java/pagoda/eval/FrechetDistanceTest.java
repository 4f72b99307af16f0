package pagoda.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import pagoda.tensor.random.Philox;

class FrechetDistanceTest {

    /** Standard normals from Philox stream {@code seed}, in double. */
    static double[] normals(long seed, int n) {
        float[] f = new float[n];
        Philox.fill(f, 0, n, seed, 0, true, 0f, 1f);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /**
     * For a 2 x 2 positive definite A with eigenvalues a, b: tr sqrt(A) = sqrt(a) + sqrt(b) =
     * sqrt(tr A + 2 sqrt(det A)). With A = S1^(1/2) S2 S1^(1/2): tr A = tr(S1 S2), det A = det S1 det S2.
     */
    static double closedForm2x2(double[] mu1, double[] s1, double[] mu2, double[] s2) {
        double dm = Math.pow(mu1[0] - mu2[0], 2) + Math.pow(mu1[1] - mu2[1], 2);
        double tr12 = s1[0] * s2[0] + s1[1] * s2[2] + s1[2] * s2[1] + s1[3] * s2[3];
        double det1 = s1[0] * s1[3] - s1[1] * s1[2];
        double det2 = s2[0] * s2[3] - s2[1] * s2[2];
        return dm + s1[0] + s1[3] + s2[0] + s2[3] - 2 * Math.sqrt(tr12 + 2 * Math.sqrt(det1 * det2));
    }

    @Test
    void matchesClosedFormOfNonCommutingTwoByTwoGaussians() {
        double[] mu1 = {0.3, -1.2};
        double[] mu2 = {1.1, 0.4};
        double[] s1 = {2.0, 0.7, 0.7, 0.5};
        double[] s2 = {0.4, -0.3, -0.3, 3.0};
        double expected = closedForm2x2(mu1, s1, mu2, s2);
        // Two eigendecompositions and three products of well-conditioned 2 x 2 matrices: a few ulps.
        assertEquals(expected, FrechetDistance.of(mu1, s1, mu2, s2), 1e-12 * (1 + Math.abs(expected)));
    }

    @Test
    void matchesClosedFormOfCommutingGaussians() {
        int d = 12;
        RealMatrix q = new QRDecomposition(MatrixUtils.createRealMatrix(rows(normals(11, d * d), d))).getQ();
        double[] l1 = new double[d];
        double[] l2 = new double[d];
        double[] mu1 = normals(12, d);
        double[] mu2 = normals(13, d);
        double expected = 0;
        for (int i = 0; i < d; i++) {
            l1[i] = 0.1 + i;
            l2[i] = 3.0 / (1 + i);
            expected += Math.pow(mu1[i] - mu2[i], 2) + Math.pow(Math.sqrt(l1[i]) - Math.sqrt(l2[i]), 2);
        }
        double[] s1 = rowMajor(q.multiply(MatrixUtils.createRealDiagonalMatrix(l1)).multiply(q.transpose()));
        double[] s2 = rowMajor(q.multiply(MatrixUtils.createRealDiagonalMatrix(l2)).multiply(q.transpose()));
        // Eigenvalues up to 11.1 in double: errors of order 1e-15 times the traces (~ 40).
        assertEquals(expected, FrechetDistance.of(mu1, s1, mu2, s2), 1e-10);
    }

    @Test
    void fromFloatSamplesWithExactMomentsMatchesTheClosedForm() {
        double[] mu1 = {0.3, -1.2};
        double[] mu2 = {1.1, 0.4};
        double[] s1 = {2.0, 0.7, 0.7, 0.5};
        double[] s2 = {0.4, -0.3, -0.3, 3.0};
        Features x = samplesWithMoments(mu1, s1, 500, 21);
        Features y = samplesWithMoments(mu2, s2, 700, 22);
        double fd = FrechetDistance.of(x.stats(), y.stats());
        // The samples' moments are exact in double; storing them as float32 (|x| < 8) moves each
        // value by < 2^-21, which moves means and covariances, hence the distance, by ~1e-6.
        assertEquals(closedForm2x2(mu1, s1, mu2, s2), fd, 2e-5);
    }

    @Test
    void distanceOfASetToItselfIsZero() {
        int n = 400;
        int d = 24;
        Features f = new Features(floats(normals(5, n * d)), n, d);
        FeatureStats s = f.stats();
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += s.cov()[i * d + i];
        }
        // tr(S) + tr(S) - 2 tr(S): cancellation leaves rounding of order 1e-13 of the trace.
        assertEquals(0, FrechetDistance.of(s, s), 1e-11 * trace);
    }

    @Test
    void singularCovariancesGiveAFiniteNonNegativeDistance() {
        // 10 vectors in 32 dimensions: rank-9 covariances, the case pytorch-fid needs an offset for.
        Features a = new Features(floats(normals(6, 10 * 32)), 10, 32);
        Features b = new Features(floats(normals(7, 10 * 32)), 10, 32);
        double fd = FrechetDistance.of(a.stats(), b.stats());
        assertTrue(Double.isFinite(fd) && fd > 0, "distance " + fd);
        assertEquals(0, FrechetDistance.of(a.stats(), a.stats()), 1e-9);
    }

    @Test
    void statsMatchATwoPassComputationInDouble() {
        int n = 300;
        int d = 7;
        float[] v = floats(normals(8, n * d));
        FeatureStats s = FeatureStats.of(v, n, d);
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) {
                m += v[i * d + j];
            }
            m /= n;
            assertEquals(m, s.mean()[j], 1e-14);
            for (int k = 0; k < d; k++) {
                double mk = 0;
                for (int i = 0; i < n; i++) {
                    mk += v[i * d + k];
                }
                mk /= n;
                double c = 0;
                for (int i = 0; i < n; i++) {
                    c += (v[i * d + j] - m) * (v[i * d + k] - mk);
                }
                assertEquals(c / (n - 1), s.cov()[j * d + k], 1e-13);
            }
        }
    }

    @Test
    void rejectsMismatchedDimensions() {
        Features a = new Features(floats(normals(1, 30)), 10, 3);
        Features b = new Features(floats(normals(2, 40)), 10, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrechetDistance.of(a.stats(), b.stats()));
        assertTrue(e.getMessage().contains("3 and 4"), e.getMessage());
    }

    /**
     * n samples of dimension 2 whose sample mean is exactly mu and sample covariance exactly s: normals,
     * centred, whitened by the inverse Cholesky factor of their own covariance, then coloured by s's.
     */
    static Features samplesWithMoments(double[] mu, double[] s, int n, long seed) {
        int d = mu.length;
        double[][] z = rows(normals(seed, n * d), d);
        double[] mean = new double[d];
        for (double[] row : z) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (double[] row : z) {
            for (int j = 0; j < d; j++) {
                row[j] -= mean[j];
            }
        }
        RealMatrix zm = MatrixUtils.createRealMatrix(z);
        RealMatrix cov = zm.transpose().multiply(zm).scalarMultiply(1.0 / (n - 1));
        RealMatrix whiten = MatrixUtils.inverse(new CholeskyDecomposition(cov).getLT());
        RealMatrix colour = new CholeskyDecomposition(MatrixUtils.createRealMatrix(rows(s, d))).getLT();
        RealMatrix x = zm.multiply(whiten).multiply(colour);
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) (x.getEntry(i, j) + mu[j]);
            }
        }
        return new Features(out, n, d);
    }

    static double[][] rows(double[] v, int d) {
        double[][] out = new double[v.length / d][d];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(v, i * d, out[i], 0, d);
        }
        return out;
    }

    static double[] rowMajor(RealMatrix m) {
        int d = m.getRowDimension();
        double[] out = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = m.getEntry(i, j);
            }
        }
        return out;
    }

    static float[] floats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
