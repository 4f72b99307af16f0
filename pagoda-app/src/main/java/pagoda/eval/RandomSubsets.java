package pagoda.eval;

import pagoda.tensor.random.Philox;

/**
 * Subsets drawn without replacement from a Philox stream, so that a metric's random choices depend on
 * its seed alone: subset {@code s} of stream {@code seed} is a partial Fisher-Yates shuffle whose swap
 * targets come from Philox blocks {@code (s << 32) + i / 4}.
 */
final class RandomSubsets {
    private RandomSubsets() {
    }

    /** {@code m} distinct indices in [0, n), in draw order. */
    static int[] draw(int n, int m, long seed, int subset) {
        if (m > n || m < 0) {
            throw new IllegalArgumentException("cannot draw " + m + " distinct items from " + n);
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        int[] words = new int[4];
        long base = (long) subset << 32;
        for (int i = 0; i < m; i++) {
            if ((i & 3) == 0) {
                Philox.block(seed, base + (i >>> 2), words);
            }
            // Multiply-shift maps a 32-bit word onto [0, n - i); its bias, below (n - i) / 2^32, is negligible.
            int j = i + (int) (((words[i & 3] & 0xFFFFFFFFL) * (n - i)) >>> 32);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] out = new int[m];
        System.arraycopy(perm, 0, out, 0, m);
        return out;
    }
}
