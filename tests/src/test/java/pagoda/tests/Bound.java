package pagoda.tests;

/**
 * The error a float32 backend may make on one output, against the float64 twin.
 *
 * <p>The <em>normalised error</em> of element i is {@code |out_i - ref_i| / (eps32 * mag_i)}, with eps32 =
 * 2^-23 (one float ulp at 1, twice the unit roundoff u) and {@code mag_i} a per-element magnitude that
 * the rounding errors of the computation scale with; an element passes when its normalised error is at
 * most {@link #tolerance}. Where mag_i is 0 the output must equal the twin exactly. Every tolerance is a
 * worst-case rounding-error bound derived for the op (never tuned to what a kernel happens to do), so a
 * pass does not depend on the summation order, the blocking, the thread count or FMA contraction:
 * <ul>
 *   <li>{@link #exact}: ops that only move, select or compare floats; the result must be the twin's value
 *       bit for bit.</li>
 *   <li>{@link #ulps}: element-wise arithmetic, {@code mag = |ref|} or the sum of the magnitudes of the
 *       terms where the op cancels; the tolerance counts the roundings and the library error of
 *       transcendentals.</li>
 *   <li>{@link #sum}: sums of n products (matmul, convolution and its gradients, resampling, resizing,
 *       reductions). Higham's bound for any order of recursive or blocked summation is
 *       {@code |fl(sum) - sum| <= gamma_n * sum|terms|}, gamma_n = n u / (1 - n u) ~ n u = n eps32 / 2, so
 *       {@code mag} is the same op on the absolute values of its inputs and the tolerance is {@code n + 2}
 *       (the 2 covers the product, a scale factor and the output's rounding): a factor of about 2 above
 *       the worst case, which real errors (that grow like sqrt(n) u) never approach, while a wrong, missing
 *       or doubled term still shows (it costs about mag / n, above the tolerance while n < 1 / sqrt(eps32)
 *       ~ 2900, which every case respects).</li>
 * </ul>
 * Composite ops (group norm, softmax, attention, fused activations) combine these rules; their cases
 * document the derivation.
 */
record Bound(double[] magnitude, double tolerance, String rule) {
    static final double EPS32 = Math.ulp(1.0f);

    /** Bit-identical to the twin, whose value for such ops is a float. */
    static Bound exact() {
        return new Bound(null, 0, "bit-identical to the twin (the op only moves, selects or compares floats)");
    }

    /** At most {@code k} units of eps32 relative to |ref|: k roundings or library ulps of an element-wise op. */
    static Bound ulps(double k, double[] ref, String why) {
        double[] mag = new double[ref.length];
        for (int i = 0; i < mag.length; i++) {
            mag[i] = Math.abs(ref[i]);
        }
        return new Bound(mag, k, "|out - ref| <= " + k + " eps32 |ref| (" + why + ")");
    }

    /** At most {@code k} units of eps32 relative to a magnitude that covers cancellation inside the op. */
    static Bound scaled(double k, double[] mag, String why) {
        return new Bound(mag, k, "|out - ref| <= " + k + " eps32 mag, mag = " + why);
    }

    /**
     * A sum of {@code n} terms (see the class comment); {@code mag} is the sum of their absolute values and
     * {@code terms} says what n counts.
     */
    static Bound sum(long n, double[] mag, String terms) {
        return new Bound(mag, n + 2, "|out - ref| <= eps32 (n + 2) sum|terms| (Higham's gamma_n, any summation order), n = "
                + n + ": " + terms);
    }

    /** The normalised error of one element; 0 when equal, infinite when no error is allowed or the value is not finite. */
    double normalisedError(int i, double got, double want) {
        if (Double.isNaN(want)) {
            return Double.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (got == want) {
            return 0;
        }
        if (Double.isNaN(got) || Double.isInfinite(got) || Double.isInfinite(want) || magnitude == null) {
            return Double.POSITIVE_INFINITY;
        }
        double scale = EPS32 * magnitude[i];
        return scale > 0 ? Math.abs(got - want) / scale : Double.POSITIVE_INFINITY;
    }
}
