package pagoda.ode.analytic;

import pagoda.ode.Denoiser;
import pagoda.tensor.Tensor;

/**
 * The exact denoiser for data whose every element is independently one of a few values a_k with
 * probabilities w_k: D(x; sigma) = sum_k a_k p_k, with p_k the posterior softmax_k(ln w_k - (x - a_k)^2 /
 * (2 sigma^2)). Its ODE is strongly non-linear near small sigma (each element is drawn to its nearest
 * point), a hard case for the solvers. Labels are ignored; computed in float64 on the host.
 */
public final class PointMassDenoiser implements Denoiser {
    private final double[] points;
    private final double[] logWeights;

    /**
     * @param points  the values a_k
     * @param weights their probabilities w_k (positive; normalised here)
     */
    public PointMassDenoiser(double[] points, double[] weights) {
        if (points.length == 0 || points.length != weights.length) {
            throw new IllegalArgumentException("point masses: " + points.length + " points and " + weights.length
                    + " weights; expected the same positive number");
        }
        double total = 0;
        for (int k = 0; k < weights.length; k++) {
            if (!(weights[k] > 0) || !Double.isFinite(points[k])) {
                throw new IllegalArgumentException("point mass " + k + ": point " + points[k] + ", weight " + weights[k]
                        + "; expected a finite point and a positive weight");
            }
            total += weights[k];
        }
        this.points = points.clone();
        this.logWeights = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            logWeights[k] = Math.log(weights[k] / total);
        }
    }

    @Override
    public Tensor denoise(Tensor x, double[] sigma, Tensor labels) {
        int n = x.size(0);
        double[] v = x.toDoubleArray();
        int per = v.length / n;
        double[] logit = new double[points.length];
        for (int i = 0; i < n; i++) {
            double inv = 1 / (2 * sigma[i] * sigma[i]);
            for (int j = i * per; j < (i + 1) * per; j++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < points.length; k++) {
                    double d = v[j] - points[k];
                    logit[k] = logWeights[k] - d * d * inv;
                    max = Math.max(max, logit[k]);
                }
                double num = 0;
                double den = 0;
                for (int k = 0; k < points.length; k++) {
                    double p = Math.exp(logit[k] - max);
                    num += p * points[k];
                    den += p;
                }
                v[j] = num / den;
            }
        }
        return Tensor.ofDoubles(x.backend(), v, x.shape());
    }
}
