package pagoda.ode;

import java.util.Arrays;

/**
 * The noise levels a solver walks through, in order: descending for generation (noise to data), ascending
 * for encoding (data to noise). Values are float64, as in EDM's sampler; a zero may only end a descending
 * walk (the final step to the clean image), since D is not defined at sigma = 0.
 */
public final class SigmaGrid {
    /** EDM's defaults for the ADM teacher (EDM Table 1; PaGoDA's spec). */
    public static final double SIGMA_MIN = 0.002;
    public static final double SIGMA_MAX = 80;
    public static final double RHO = 7;

    private final double[] sigmas;

    private SigmaGrid(double[] sigmas) {
        this.sigmas = sigmas;
    }

    /**
     * A walk through the given levels: at least two, finite, strictly monotone, positive except that a
     * descending walk may end at 0.
     */
    public static SigmaGrid of(double... sigmas) {
        if (sigmas.length < 2) {
            throw new IllegalArgumentException("sigma grid needs at least two levels, got " + Arrays.toString(sigmas));
        }
        boolean descending = sigmas[1] < sigmas[0];
        for (int i = 0; i < sigmas.length; i++) {
            double s = sigmas[i];
            boolean lastOfDescent = descending && i == sigmas.length - 1;
            if (!Double.isFinite(s) || s < 0 || (s == 0 && !lastOfDescent)) {
                throw new IllegalArgumentException("sigma grid: level " + i + " is " + s
                        + "; expected finite and positive (0 only as the last level of a descending grid)");
            }
            if (i > 0 && (descending ? !(s < sigmas[i - 1]) : !(s > sigmas[i - 1]))) {
                throw new IllegalArgumentException("sigma grid is not strictly monotone at level " + i + ": "
                        + Arrays.toString(sigmas));
            }
        }
        return new SigmaGrid(sigmas.clone());
    }

    /**
     * EDM's time steps (EDM eq. 5): sigma_i = (sigmaMax^(1/rho) + i/(n-1) (sigmaMin^(1/rho) - sigmaMax^(1/rho)))^rho
     * for i = 0 .. n-1, then sigma_n = 0; n levels and n steps, in float64 as EDM's sampler computes them.
     *
     * @param n number of nonzero levels, at least 2 (the reference encoder uses 40)
     */
    public static SigmaGrid karras(int n, double sigmaMin, double sigmaMax, double rho) {
        return new SigmaGrid(Arrays.copyOf(karrasLevels(n, sigmaMin, sigmaMax, rho), n + 1));
    }

    /** {@link #karras(int, double, double, double)} with EDM's sigma_min = 0.002, sigma_max = 80, rho = 7. */
    public static SigmaGrid karras(int n) {
        return karras(n, SIGMA_MIN, SIGMA_MAX, RHO);
    }

    /**
     * PaGoDA's encoder walk: the Karras grid of {@link #karras(int, double, double, double)} without its
     * final 0, reversed, so it climbs from sigmaMin to sigmaMax in n - 1 steps over the very same levels
     * (n = 40: 39 Heun steps, 78 evaluations).
     */
    public static SigmaGrid karrasAscending(int n, double sigmaMin, double sigmaMax, double rho) {
        return karras(n, sigmaMin, sigmaMax, rho).reversed();
    }

    private static double[] karrasLevels(int n, double sigmaMin, double sigmaMax, double rho) {
        if (n < 2) {
            throw new IllegalArgumentException("Karras grid needs at least 2 levels (steps), got " + n);
        }
        if (!(sigmaMin > 0) || !(sigmaMax > sigmaMin) || !Double.isFinite(sigmaMax)) {
            throw new IllegalArgumentException("Karras grid needs 0 < sigma_min < sigma_max < infinity, got sigma_min "
                    + sigmaMin + ", sigma_max " + sigmaMax);
        }
        if (!(rho > 0) || !Double.isFinite(rho)) {
            throw new IllegalArgumentException("Karras grid needs a positive finite rho, got " + rho);
        }
        double maxRoot = Math.pow(sigmaMax, 1 / rho);
        double minRoot = Math.pow(sigmaMin, 1 / rho);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.pow(maxRoot + (double) i / (n - 1) * (minRoot - maxRoot), rho);
        }
        return s;
    }

    /** The levels, in walking order (a copy). */
    public double[] sigmas() {
        return sigmas.clone();
    }

    public double sigma(int i) {
        return sigmas[i];
    }

    /** Number of levels. */
    public int size() {
        return sigmas.length;
    }

    /** Number of steps: levels - 1. */
    public int steps() {
        return sigmas.length - 1;
    }

    public boolean descending() {
        return sigmas[1] < sigmas[0];
    }

    /** The same levels walked the other way, without a final 0 (which cannot start a walk). */
    public SigmaGrid reversed() {
        int n = sigmas[sigmas.length - 1] == 0 ? sigmas.length - 1 : sigmas.length;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = sigmas[n - 1 - i];
        }
        return of(r);
    }

    @Override
    public String toString() {
        return "SigmaGrid" + Arrays.toString(sigmas);
    }
}
