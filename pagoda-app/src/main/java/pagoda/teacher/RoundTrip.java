package pagoda.teacher;

import pagoda.data.ImageDataset;
import pagoda.ode.Denoiser;
import pagoda.ode.Encoder;
import pagoda.ode.Sampler;
import pagoda.ode.SigmaGrid;
import pagoda.ode.Solver;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * How well the teacher's ODE inverts itself on a grid of N levels: each image is encoded (PaGoDA's encoder:
 * the grid upward from sigma_min, Heun, clamped denoiser) and generated back down the same levels (EDM's
 * Heun sampler, the last step to 0 with Euler, unclamped), then compared with the start. The error shrinks as
 * N grows where the ODE is integrated accurately; what remains comes from the clamp and from the last,
 * first-order step.
 *
 * @param levels             N
 * @param encodeEvaluations  denoiser evaluations per image to encode (2 (N - 1))
 * @param generateEvaluations denoiser evaluations per image to generate (2 N - 1)
 * @param meanAbsError       mean over pixels and images of |x' - x|, x in [-1, 1]
 * @param maxAbsError        largest |x' - x|
 * @param rmsError           root mean square of x' - x
 */
public record RoundTrip(int levels, int images, int encodeEvaluations, int generateEvaluations, double meanAbsError,
        double maxAbsError, double rmsError, double seconds) {

    /**
     * Round-trips the first {@code n} images of {@code data}, {@code batch} at a time.
     *
     * @param conditional whether to give the teacher the images' one-hot labels
     */
    public static RoundTrip measure(Denoiser teacher, ImageDataset data, int n, boolean conditional, int levels, int batch,
            Backend backend) {
        if (n < 1 || n > data.size()) {
            throw new IllegalArgumentException("round trip of " + n + " images; the data set holds " + data.size());
        }
        Encoder encoder = new Encoder(teacher, SigmaGrid.karrasAscending(levels, SigmaGrid.SIGMA_MIN, SigmaGrid.SIGMA_MAX, SigmaGrid.RHO),
                Solver.HEUN, true);
        SigmaGrid down = SigmaGrid.karras(levels);
        Sampler sampler = new Sampler(teacher, down, Solver.HEUN);
        long t0 = System.nanoTime();
        double sumAbs = 0;
        double sumSq = 0;
        double max = 0;
        long count = 0;
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            int[] index = new int[to - from];
            for (int i = 0; i < index.length; i++) {
                index[i] = from + i;
            }
            Tensor x = data.batch(backend, from, to);
            Tensor labels = conditional ? data.oneHot(backend, index) : null;
            Tensor z = encoder.encode(x, labels);
            // The sampler starts from sigma_0 * latents: unit latents are z / sigma_0.
            Tensor back = sampler.generate(Ops.mul(z, (float) (1 / down.sigma(0))), labels, 0, 0);
            double[] a = x.toDoubleArray();
            double[] b = back.toDoubleArray();
            for (int j = 0; j < a.length; j++) {
                double d = Math.abs(b[j] - a[j]);
                sumAbs += d;
                sumSq += d * d;
                max = Math.max(max, d);
            }
            count += a.length;
        }
        return new RoundTrip(levels, n, encoder.evaluations(), sampler.evaluations(), sumAbs / count, max, Math.sqrt(sumSq / count),
                (System.nanoTime() - t0) * 1e-9);
    }
}
