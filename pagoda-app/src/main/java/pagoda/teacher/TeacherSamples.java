package pagoda.teacher;

import java.util.function.IntConsumer;
import pagoda.ode.Denoiser;
import pagoda.ode.GuidedDenoiser;
import pagoda.ode.Sampler;
import pagoda.ode.SigmaGrid;
import pagoda.ode.Solver;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.unet.UNetConfig;

/**
 * Samples of a teacher: EDM's deterministic sampler on the Karras grid with the chosen solver, sample i drawn
 * from its own noise stream (seed, i), so a sample does not depend on the batch it is made in. A
 * class-conditional teacher draws class {@code label} for every sample, or class i mod K for sample i when
 * none is given; with a guidance weight, classifier-free guidance against the zero label (EDM's label dropout).
 *
 * @param steps    levels of the Karras grid, each followed by a step (the last to sigma = 0)
 * @param label    the class of every sample, or -1
 * @param guidance the guidance weight w, or NaN for none
 */
public record TeacherSamples(Solver solver, int steps, int label, double guidance, long seed) {

    public TeacherSamples {
        if (steps < 2) {
            throw new IllegalArgumentException("sampling needs at least 2 levels, got " + steps);
        }
    }

    /** Denoiser evaluations per sample. */
    public int evaluations() {
        int perCall = Double.isNaN(guidance) ? 1 : 2;
        return perCall * solver.evaluations(steps, 0);
    }

    /**
     * Samples {@code n} images [N, C, R, R], clamped to [-1, 1], {@code batch} at a time.
     *
     * @param done told the number of samples finished after each batch
     * @throws IllegalArgumentException when a class or guidance is asked of an unconditional teacher, or the
     *         class is out of range
     */
    public Tensor generate(Teacher teacher, Backend backend, int n, int batch, IntConsumer done) {
        UNetConfig config = teacher.config();
        int classes = config.labelDim();
        if (classes == 0 && label >= 0) {
            throw new IllegalArgumentException("the teacher is unconditional; it takes no class");
        }
        if (classes == 0 && !Double.isNaN(guidance)) {
            throw new IllegalArgumentException("the teacher is unconditional; classifier-free guidance needs a class-conditional one");
        }
        if (label >= classes && classes > 0) {
            throw new IllegalArgumentException("class " + label + " is out of range: the teacher has classes 0 .. " + (classes - 1));
        }
        Denoiser denoiser = teacher.denoiser();
        if (!Double.isNaN(guidance)) {
            denoiser = GuidedDenoiser.withZeroNullLabel(denoiser, guidance, Tensor.zeros(backend, 1, classes));
        }
        Sampler sampler = new Sampler(denoiser, SigmaGrid.karras(steps), solver);
        int c = config.imgChannels();
        int r = config.imgResolution();
        Tensor[] parts = new Tensor[(n + batch - 1) / batch];
        for (int first = 0, i = 0; first < n; first += batch, i++) {
            int b = Math.min(batch, n - first);
            parts[i] = Ops.clamp(sampler.generate(backend, seed, first, new int[] {b, c, r, r}, labels(backend, classes, first, b)), -1f, 1f);
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
