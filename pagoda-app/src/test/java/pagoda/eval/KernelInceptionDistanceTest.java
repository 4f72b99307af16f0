package pagoda.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import pagoda.tensor.Backends;

class KernelInceptionDistanceTest {

    static Features gaussian(long seed, int n, int d, double shift) {
        double[] v = FrechetDistanceTest.normals(seed, n * d);
        for (int i = 0; i < v.length; i++) {
            v[i] += shift;
        }
        return new Features(FrechetDistanceTest.floats(v), n, d);
    }

    /** The estimator written out in double over all pairs. */
    static double naiveMmd2(Features x, Features y) {
        int m = x.n();
        double kxx = 0;
        double kyy = 0;
        double kxy = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i != j) {
                    kxx += kernel(x, i, x, j);
                    kyy += kernel(y, i, y, j);
                }
                kxy += kernel(x, i, y, j);
            }
        }
        return kxx / (m * (m - 1.0)) + kyy / (m * (m - 1.0)) - 2 * kxy / ((double) m * m);
    }

    static double kernel(Features a, int i, Features b, int j) {
        int d = a.dim();
        double dot = 0;
        for (int c = 0; c < d; c++) {
            dot += (double) a.values()[i * d + c] * b.values()[j * d + c];
        }
        return Math.pow(dot / d + 1, 3);
    }

    @Test
    void subsetsOfWholeSetsMatchTheEstimatorInDouble() {
        Features x = gaussian(1, 60, 16, 0);
        Features y = gaussian(2, 60, 16, 0.3);
        // m = n: every subset is the whole set reordered, and the estimator ignores order.
        KernelInceptionDistance.Result r = KernelInceptionDistance.of(x, y, 3, 1000, 0, Backends.cpu());
        double expected = naiveMmd2(x, y);
        assertEquals(60, r.subsetSize());
        // Kernel values ~ 1-30 from float32 Gram entries (relative error ~1e-6 over 16 terms); the
        // estimate is a difference of means of such values.
        assertEquals(expected, r.mean(), 1e-4 * Math.abs(expected) + 1e-5);
        assertEquals(0, r.std(), 1e-5);
        assertEquals(expected, KernelInceptionDistance.of(x, y, 1, 1000, 0, Backends.reference()).mean(), 1e-10);
    }

    @Test
    void sameDistributionScoresNearZeroAndAShiftScoresAbove() {
        Features x = gaussian(3, 400, 8, 0);
        Features same = gaussian(4, 400, 8, 0);
        Features shifted = gaussian(5, 400, 8, 0.5);
        KernelInceptionDistance.Result r0 = KernelInceptionDistance.of(x, same, 20, 200, 9, Backends.cpu());
        KernelInceptionDistance.Result r1 = KernelInceptionDistance.of(x, shifted, 20, 200, 9, Backends.cpu());
        // Unbiased: the mean over subsets of the null case is within a few standard errors of zero.
        assertTrue(Math.abs(r0.mean()) < 4 * r0.std() / Math.sqrt(20) + 1e-4, r0.toString());
        assertTrue(r1.mean() > 10 * r0.std(), r1 + " vs " + r0);
    }

    @Test
    void subsetsDependOnTheSeedOnly() {
        Features x = gaussian(6, 300, 8, 0);
        Features y = gaussian(7, 300, 8, 0.1);
        double a = KernelInceptionDistance.of(x, y, 5, 100, 42, Backends.cpu()).mean();
        double b = KernelInceptionDistance.of(x, y, 5, 100, 42, Backends.cpu()).mean();
        double c = KernelInceptionDistance.of(x, y, 5, 100, 43, Backends.cpu()).mean();
        assertEquals(a, b, 0);
        assertNotEquals(a, c);
    }

    @Test
    void randomSubsetsAreDistinctIndicesInRange() {
        int[] s = RandomSubsets.draw(1000, 300, 5, 3);
        int[] sorted = s.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertTrue(sorted[i] >= 0 && sorted[i] < 1000);
            assertTrue(i == 0 || sorted[i] > sorted[i - 1], "repeated index " + sorted[i]);
        }
        assertTrue(Arrays.equals(s, RandomSubsets.draw(1000, 300, 5, 3)));
        assertTrue(!Arrays.equals(s, RandomSubsets.draw(1000, 300, 5, 4)));
    }

    @Test
    void rejectsSetsTooSmallOrOfDifferentDimensions() {
        assertThrows(IllegalArgumentException.class,
                () -> KernelInceptionDistance.of(gaussian(1, 1, 4, 0), gaussian(2, 5, 4, 0), 1, 10, 0, Backends.cpu()));
        assertThrows(IllegalArgumentException.class,
                () -> KernelInceptionDistance.of(gaussian(1, 5, 4, 0), gaussian(2, 5, 3, 0), 1, 10, 0, Backends.cpu()));
    }
}
