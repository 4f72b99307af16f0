package pagoda.ode;

/**
 * One walk of the probability-flow ODE dx/dsigma = (x - D(x; sigma)) / sigma (EDM eq. 1 with sigma(t) = t,
 * s(t) = 1, its score given by EDM eq. 3) along a {@link SigmaGrid}, in either direction, all arithmetic
 * in float64.
 */
final class OdeWalk {
    private OdeWalk() {
    }

    /** Where churn draws its noise: sample i of the batch is sample {@code firstId + i} of the run. */
    record Noise(long seed, long firstId) {
    }

    /**
     * Walks {@code x} (the state at the grid's first level, [N, ...] flattened) to the grid's last level.
     *
     * @param churn inactive, or (checked by {@link Sampler}) on a descending Euler or Heun walk
     * @param noise the churn noise streams; unused when churn is inactive
     */
    static double[] run(DenoiserCalls calls, double[] x0, int batch, SigmaGrid grid, Solver solver, Churn churn, Noise noise) {
        double[] x = x0.clone();
        int steps = grid.steps();
        double[] previous = null;
        double previousH = 0;
        for (int i = 0; i < steps; i++) {
            double cur = grid.sigma(i);
            double next = grid.sigma(i + 1);
            double hat = cur + churn.gamma(cur, steps) * cur;
            if (hat > cur) {
                addChurn(x, batch, Math.sqrt(hat * hat - cur * cur) * churn.sNoise(), noise, i);
            }
            double[] denoised = calls.denoise(x, hat);
            switch (solver) {
                case EULER -> x = euler(x, denoised, hat, next);
                case HEUN -> x = heun(calls, x, denoised, hat, next);
                case DPMPP_2M -> {
                    double h = next == 0 ? Double.POSITIVE_INFINITY : Math.log(hat / next);
                    x = dpmpp2m(x, denoised, previous, previousH / h, hat, next);
                    previous = denoised;
                    previousH = h;
                }
            }
        }
        return x;
    }

    /** x + (next - cur) d with d = (x - D) / cur (EDM Algorithm 1, lines 4 to 5). */
    private static double[] euler(double[] x, double[] denoised, double cur, double next) {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = x[j] + (next - cur) * ((x[j] - denoised[j]) / cur);
        }
        return out;
    }

    /** EDM Algorithm 1, lines 4 to 8: Euler, then the trapezoidal correction unless the step ends at 0. */
    private static double[] heun(DenoiserCalls calls, double[] x, double[] denoised, double cur, double next) {
        double[] euler = euler(x, denoised, cur, next);
        if (next == 0) {
            return euler;
        }
        double[] denoisedNext = calls.denoise(euler, next);
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double d = (x[j] - denoised[j]) / cur;
            double dPrime = (euler[j] - denoisedNext[j]) / next;
            out[j] = x[j] + (next - cur) * (0.5 * d + 0.5 * dPrime);
        }
        return out;
    }

    /**
     * DPM-Solver++(2M) for the variance-exploding ODE (alpha = 1, lambda = -ln sigma, h = lambda_next - lambda):
     * x_next = (sigma_next / sigma) x + (1 - sigma_next / sigma) D', where D' = (1 + 1/(2r)) D - 1/(2r) D_prev
     * with r = h_prev / h, or D' = D on the first step and on a step to sigma = 0 (where h is infinite).
     */
    private static double[] dpmpp2m(double[] x, double[] denoised, double[] previous, double r, double cur, double next) {
        double ratio = next / cur;
        boolean firstOrder = previous == null || next == 0;
        double a = firstOrder ? 1 : 1 + 1 / (2 * r);
        double b = firstOrder ? 0 : 1 / (2 * r);
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double d = firstOrder ? denoised[j] : a * denoised[j] - b * previous[j];
            out[j] = ratio * x[j] + (1 - ratio) * d;
        }
        return out;
    }

    /** EDM Algorithm 2, line 5: x += std * eps, eps from sample i's churn stream of this step. */
    private static void addChurn(double[] x, int batch, double std, Noise noise, int step) {
        int perSample = x.length / batch;
        float[] eps = new float[perSample];
        for (int i = 0; i < batch; i++) {
            SampleNoise.normal(noise.seed(), noise.firstId() + i, SampleNoise.churnStream(step), eps, 0, perSample);
            for (int j = 0; j < perSample; j++) {
                x[i * perSample + j] += std * eps[j];
            }
        }
    }
}
