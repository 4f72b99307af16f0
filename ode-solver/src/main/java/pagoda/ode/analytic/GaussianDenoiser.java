package pagoda.ode.analytic;

import java.util.Arrays;
import pagoda.ode.Denoiser;
import pagoda.tensor.Tensor;

/**
 * The exact denoiser for data whose every element is independently N(mu, s^2): the posterior mean
 * D(x; sigma) = (s^2 x + sigma^2 mu) / (s^2 + sigma^2). With class labels [N, K] the mean of sample i is
 * mu_i = sum_k labels[i, k] classMeans[k] (so a zero null label means mu = 0), which makes guidance
 * testable. Its probability-flow ODE has the closed-form solution {@link #flow}. Computed in float64 on the
 * host; the result goes back to x's backend.
 */
public final class GaussianDenoiser implements Denoiser {
    private final double mu;
    private final double s;
    private final double[] classMeans;

    private GaussianDenoiser(double mu, double s, double[] classMeans) {
        if (!(s > 0) || !Double.isFinite(s) || !Double.isFinite(mu)) {
            throw new IllegalArgumentException("Gaussian data needs a finite mean and positive std, got " + mu + ", " + s);
        }
        this.mu = mu;
        this.s = s;
        this.classMeans = classMeans;
    }

    /** Unconditional data N(mu, s^2); labels are ignored. */
    public static GaussianDenoiser of(double mu, double s) {
        return new GaussianDenoiser(mu, s, null);
    }

    /** Class-conditional data N(sum_k labels_k classMeans_k, s^2); labels are required. */
    public static GaussianDenoiser conditional(double s, double... classMeans) {
        return new GaussianDenoiser(0, s, classMeans.clone());
    }

    @Override
    public Tensor denoise(Tensor x, double[] sigma, Tensor labels) {
        int n = x.size(0);
        double[] means = means(n, labels);
        double[] v = x.toDoubleArray();
        int per = v.length / n;
        double s2 = s * s;
        for (int i = 0; i < n; i++) {
            double sig2 = sigma[i] * sigma[i];
            for (int j = i * per; j < (i + 1) * per; j++) {
                v[j] = (s2 * v[j] + sig2 * means[i]) / (s2 + sig2);
            }
        }
        return Tensor.ofDoubles(x.backend(), v, x.shape());
    }

    private double[] means(int n, Tensor labels) {
        double[] m = new double[n];
        if (classMeans == null) {
            Arrays.fill(m, mu);
            return m;
        }
        if (labels == null || labels.rank() != 2 || labels.size(0) != n || labels.size(1) != classMeans.length) {
            throw new IllegalArgumentException("conditional Gaussian data needs labels [" + n + ", " + classMeans.length + "], got "
                    + (labels == null ? "none" : Arrays.toString(labels.shape())));
        }
        double[] l = labels.toDoubleArray();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < classMeans.length; k++) {
                m[i] += l[i * classMeans.length + k] * classMeans[k];
            }
        }
        return m;
    }

    /**
     * The exact probability-flow ODE map of the unconditional data from level {@code from} to level
     * {@code to}: x - mu scales by sqrt(s^2 + to^2) / sqrt(s^2 + from^2), since dx/dsigma = (x - D)/sigma =
     * (x - mu) sigma / (s^2 + sigma^2).
     */
    public double[] flow(double[] x, double from, double to) {
        double scale = Math.sqrt((s * s + to * to) / (s * s + from * from));
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = mu + (x[j] - mu) * scale;
        }
        return out;
    }
}
