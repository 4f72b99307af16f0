package pagoda.decoder;

import java.util.Arrays;
import java.util.function.IntConsumer;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.ode.SampleNoise;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * One-step samples of a generator (pagoda-spec.md, "Sampling"): {@code x_i = clamp(G(80 eps_i, y_i), -1, 1)}
 * with eps_i from sample i's own noise stream (seed, i) ({@link SampleNoise}, the latents the teacher's sampler
 * starts from, so G's sample i and the teacher's come from the same noise), hence independent of the batch it
 * is made in. A class-conditional generator draws class {@code label} for every sample, or class i mod K for
 * sample i when none is given (-1).
 */
public record OneStepSamples(long seed, int label) {

    /**
     * Samples {@code n} images [N, C, R, R] in [-1, 1], {@code batch} at a time.
     *
     * @param done told the number of samples finished after each batch
     * @throws IllegalArgumentException when a class is asked of an unconditional generator, or is out of range
     */
    public Tensor generate(OneStepGenerator g, Backend backend, int n, int batch, IntConsumer done) {
        return generate(g, backend, n, batch, 1, done);
    }

    /**
     * As {@link #generate(OneStepGenerator, Backend, int, int, IntConsumer)} at guidance scale {@code guidance}
     * (a {@link OneStepGenerator#guided} generator; 1 is plain PaGoDA).
     *
     * @throws IllegalArgumentException when a scale other than 1 is asked of an unguided generator
     */
    public Tensor generate(OneStepGenerator g, Backend backend, int n, int batch, double guidance, IntConsumer done) {
        if (!Double.isFinite(guidance)) {
            throw new IllegalArgumentException("guidance scale must be finite, got " + guidance);
        }
        if (guidance != 1 && !g.guided()) {
            throw new IllegalArgumentException("guidance scale " + guidance + ": the generator was trained without guidance "
                    + "(train-decoder --guidance-bank trains one that takes w)");
        }
        int classes = g.classes();
        if (label >= 0 && label >= classes) {
            throw new IllegalArgumentException(classes == 0 ? "the generator is unconditional; it takes no class"
                    : "class " + label + " is out of range: the generator has classes 0 .. " + (classes - 1));
        }
        if (n < 1 || batch < 1) {
            throw new IllegalArgumentException("samples and batch must be >= 1, got " + n + " and " + batch);
        }
        int c = g.channels();
        int r = g.latentResolution();
        Tensor[] parts = new Tensor[(n + batch - 1) / batch];
        for (int first = 0, i = 0; first < n; first += batch, i++) {
            int b = Math.min(batch, n - first);
            Tensor z = Ops.mul(SampleNoise.latents(backend, seed, first, b, c, r, r), (float) Generator.SIGMA);
            try (NoGrad ng = NoGrad.enter()) {
                double[] w = new double[b];
                Arrays.fill(w, guidance);
                parts[i] = Ops.clamp(g.forward(Var.constant(z), labels(backend, classes, first, b), w, 0).value(), -1f, 1f);
            }
            done.accept(first + b);
        }
        return parts.length == 1 ? parts[0] : Ops.cat(0, parts);
    }

    private Tensor labels(Backend backend, int classes, int first, int n) {
        if (classes == 0) {
            return null;
        }
        float[] oneHot = new float[n * classes];
        for (int i = 0; i < n; i++) {
            oneHot[i * classes + (label >= 0 ? label : (first + i) % classes)] = 1;
        }
        return Tensor.of(backend, oneHot, n, classes);
    }
}
