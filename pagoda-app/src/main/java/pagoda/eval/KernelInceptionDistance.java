package pagoda.eval;

import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Kernel Inception Distance (Binkowski et al. 2018, "Demystifying MMD GANs", section 4): the unbiased
 * estimate of the squared maximum mean discrepancy (their eq. 4 with the unbiased cross term of Gretton
 * et al. 2012)
 *
 * <pre>  MMD^2 = sum_{i != j} k(x_i, x_j) / (m (m - 1)) + sum_{i != j} k(y_i, y_j) / (m (m - 1))
 *          - 2 sum_{i, j} k(x_i, y_j) / m^2</pre>
 *
 * with the cubic polynomial kernel {@code k(x, y) = (x . y / d + 1)^3}, averaged over random subsets of
 * {@code m = min(n1, n2, subsetSize)} vectors from each set, as the reference implementation does
 * (100 subsets of 1000 by default). Gram matrices are products on the given backend (float32 on the
 * CPU backend); the kernel values are cubed and summed in double.
 */
public final class KernelInceptionDistance {
    public static final int DEFAULT_SUBSETS = 100;
    public static final int DEFAULT_SUBSET_SIZE = 1000;

    /** Mean and standard deviation (over the subsets) of the MMD^2 estimates. */
    public record Result(double mean, double std, int subsets, int subsetSize) {
    }

    private KernelInceptionDistance() {
    }

    public static Result of(Features x, Features y, int subsets, int subsetSize, long seed, Backend backend) {
        if (x.dim() != y.dim()) {
            throw new IllegalArgumentException("KID between features of different sizes: " + x.dim() + " and " + y.dim());
        }
        if (subsets < 1 || subsetSize < 2) {
            throw new IllegalArgumentException("KID needs >= 1 subset of >= 2 vectors; got " + subsets + " of " + subsetSize);
        }
        int m = Math.min(Math.min(x.n(), y.n()), subsetSize);
        if (m < 2) {
            throw new IllegalArgumentException("KID needs >= 2 vectors in each set; got " + x.n() + " and " + y.n());
        }
        double[] estimates = new double[subsets];
        for (int s = 0; s < subsets; s++) {
            Tensor xs = x.gather(backend, RandomSubsets.draw(x.n(), m, seed, 2 * s));
            Tensor ys = y.gather(backend, RandomSubsets.draw(y.n(), m, seed, 2 * s + 1));
            estimates[s] = mmd2(xs, ys, x.dim());
        }
        double mean = 0;
        for (double e : estimates) {
            mean += e;
        }
        mean /= subsets;
        double var = 0;
        for (double e : estimates) {
            var += (e - mean) * (e - mean);
        }
        double std = subsets > 1 ? Math.sqrt(var / (subsets - 1)) : 0;
        return new Result(mean, std, subsets, m);
    }

    /** The unbiased MMD^2 of two [m, d] sets. */
    static double mmd2(Tensor x, Tensor y, int d) {
        int m = x.size(0);
        double kxx = kernelSum(x, x, d, true);
        double kyy = kernelSum(y, y, d, true);
        double kxy = kernelSum(x, y, d, false);
        return (kxx + kyy) / ((double) m * (m - 1)) - 2 * kxy / ((double) m * m);
    }

    private static double kernelSum(Tensor a, Tensor b, int d, boolean skipDiagonal) {
        double[] gram = Ops.matmul(a, b.transpose(0, 1)).toDoubleArray();
        int rows = a.size(0);
        int cols = b.size(0);
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (skipDiagonal && i == j) {
                    continue;
                }
                double k = gram[i * cols + j] / d + 1;
                sum += k * k * k;
            }
        }
        return sum;
    }
}
