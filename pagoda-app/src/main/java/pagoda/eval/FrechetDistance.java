package pagoda.eval;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The Frechet distance between the Gaussians fitted to two feature sets (Heusel et al. 2017, "GANs
 * trained by a two time-scale update rule", eq. 6; Dowson and Landau 1982):
 *
 * <pre>  d^2 = |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1^(1/2) S2 S1^(1/2))^(1/2))</pre>
 *
 * <p>The last trace equals pytorch-fid's {@code tr(sqrtm(S1 S2))}: S1 S2 is similar to the symmetric
 * positive semi-definite {@code S1^(1/2) S2 S1^(1/2)}, so both have the same non-negative eigenvalues.
 * Working with the symmetric form lets two symmetric eigendecompositions (Commons Math, in double) do
 * all the linear algebra, with no complex arithmetic and no regulariser for singular covariances:
 * eigenvalues that rounding pushes slightly below zero are clipped to zero.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    public static double of(FeatureStats a, FeatureStats b) {
        if (a.dim() != b.dim()) {
            throw new IllegalArgumentException("Frechet distance between features of different sizes: "
                    + a.dim() + " and " + b.dim());
        }
        return of(a.mean(), a.cov(), b.mean(), b.cov());
    }

    /** The distance between N(mu1, cov1) and N(mu2, cov2); covariances d x d, row-major, symmetric. */
    public static double of(double[] mu1, double[] cov1, double[] mu2, double[] cov2) {
        int d = mu1.length;
        if (mu2.length != d || cov1.length != d * d || cov2.length != d * d) {
            throw new IllegalArgumentException("Frechet distance: means of " + mu1.length + " and " + mu2.length
                    + " values, covariances of " + cov1.length + " and " + cov2.length + " values do not agree");
        }
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = mu1[i] - mu2[i];
            meanTerm += diff * diff;
        }
        RealMatrix s1 = matrix(cov1, d);
        RealMatrix s2 = matrix(cov2, d);
        RealMatrix root1 = sqrtPsd(s1);
        RealMatrix product = root1.multiply(s2).multiply(root1);
        double crossTrace = 0;
        for (double lambda : new EigenDecomposition(symmetrised(product)).getRealEigenvalues()) {
            crossTrace += Math.sqrt(Math.max(lambda, 0));
        }
        return meanTerm + s1.getTrace() + s2.getTrace() - 2 * crossTrace;
    }

    /** The principal square root of a symmetric positive semi-definite matrix: V sqrt(max(L, 0)) V^T. */
    static RealMatrix sqrtPsd(RealMatrix s) {
        EigenDecomposition eig = new EigenDecomposition(symmetrised(s));
        double[] lambda = eig.getRealEigenvalues();
        RealMatrix v = eig.getV();
        int d = lambda.length;
        RealMatrix scaled = v.copy();
        for (int j = 0; j < d; j++) {
            double r = Math.sqrt(Math.max(lambda[j], 0));
            for (int i = 0; i < d; i++) {
                scaled.setEntry(i, j, v.getEntry(i, j) * r);
            }
        }
        return scaled.multiply(v.transpose());
    }

    /**
     * (M + M^T) / 2: rounding leaves products like S1^(1/2) S2 S1^(1/2) a few ulps from symmetric, and
     * Commons Math would then take the slower non-symmetric path (possibly with complex eigenvalues).
     */
    private static RealMatrix symmetrised(RealMatrix m) {
        int d = m.getRowDimension();
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = 0.5 * (m.getEntry(i, j) + m.getEntry(j, i));
            }
        }
        return MatrixUtils.createRealMatrix(out);
    }

    /** Commons Math picks a cache-blocked layout for large matrices, which multiplies much faster. */
    private static RealMatrix matrix(double[] rowMajor, int d) {
        double[][] rows = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(rowMajor, i * d, rows[i], 0, d);
        }
        return MatrixUtils.createRealMatrix(rows);
    }
}
