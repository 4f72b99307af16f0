package pagoda.ode;

/**
 * The stochastic part of EDM's sampler (EDM Algorithm 2): before a step from sigma_i, if
 * S_min <= sigma_i <= S_max, raise the noise level to sigma_hat = (1 + gamma) sigma_i with
 * gamma = min(S_churn / N, sqrt(2) - 1) (N = steps of the walk) by adding fresh noise of standard deviation
 * sqrt(sigma_hat^2 - sigma_i^2) S_noise, then take the ODE step from sigma_hat. S_churn = 0 is the
 * deterministic sampler (Algorithm 1).
 */
public record Churn(double sChurn, double sMin, double sMax, double sNoise) {
    /** No churn: the deterministic ODE sampler. */
    public static final Churn NONE = new Churn(0, 0, Double.POSITIVE_INFINITY, 1);

    public Churn {
        if (!(sChurn >= 0) || !Double.isFinite(sChurn)) {
            throw new IllegalArgumentException("S_churn must be finite and >= 0, got " + sChurn);
        }
        if (!(sMin >= 0) || !(sMax >= sMin)) {
            throw new IllegalArgumentException("churn needs 0 <= S_min <= S_max, got S_min " + sMin + ", S_max " + sMax);
        }
        if (!(sNoise >= 0) || !Double.isFinite(sNoise)) {
            throw new IllegalArgumentException("S_noise must be finite and >= 0, got " + sNoise);
        }
    }

    public boolean active() {
        return sChurn > 0;
    }

    /** gamma_i of EDM Algorithm 2 for a step from {@code sigma} in a walk of {@code steps} steps. */
    public double gamma(double sigma, int steps) {
        if (!active() || sigma < sMin || sigma > sMax) {
            return 0;
        }
        return Math.min(sChurn / steps, Math.sqrt(2) - 1);
    }
}
