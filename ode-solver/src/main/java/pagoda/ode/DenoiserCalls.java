package pagoda.ode;

import java.util.Arrays;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * The solvers' side of the denoiser: the state lives in float64 host arrays between evaluations (as in
 * EDM's sampler); each evaluation hands the backend the state at its precision (float32 for the network,
 * float64 on the reference twin) and widens D back to float64.
 */
final class DenoiserCalls {
    private final Denoiser denoiser;
    private final Backend backend;
    private final int[] shape;
    private final Tensor labels;
    private int count;

    DenoiserCalls(Denoiser denoiser, Backend backend, int[] shape, Tensor labels) {
        this.denoiser = denoiser;
        this.backend = backend;
        this.shape = shape.clone();
        this.labels = labels;
        if (shape.length < 2 || shape[0] < 1) {
            throw new IllegalArgumentException("expected a batch [N, C, H, W] with N >= 1, got shape " + Arrays.toString(shape));
        }
        if (labels != null && (labels.rank() != 2 || labels.size(0) != shape[0])) {
            throw new IllegalArgumentException("labels: expected [" + shape[0] + ", K] for " + shape[0] + " samples, got "
                    + Arrays.toString(labels.shape()));
        }
    }

    /** D(x; sigma) for every sample at one noise level. */
    double[] denoise(double[] x, double sigma) {
        double[] perSample = new double[shape[0]];
        Arrays.fill(perSample, sigma);
        Tensor d = denoiser.denoise(Tensor.ofDoubles(backend, x, shape), perSample, labels);
        count++;
        if (!Arrays.equals(d.shape(), shape)) {
            throw new IllegalStateException("denoiser returned shape " + Arrays.toString(d.shape()) + " for input "
                    + Arrays.toString(shape));
        }
        return d.toDoubleArray();
    }

    /** Evaluations so far. */
    int count() {
        return count;
    }
}
