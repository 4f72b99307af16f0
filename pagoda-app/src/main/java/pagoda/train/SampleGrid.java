package pagoda.train;

import java.io.IOException;
import java.nio.file.Path;
import pagoda.image.PngGrid;
import pagoda.ode.Sampler;
import pagoda.ode.SigmaGrid;
import pagoda.ode.Solver;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.unet.EDMPrecond;
import pagoda.unet.UNetConfig;

/**
 * The sample grids written as a teacher trains: the same latents every time (fixed seed and sample ids), so
 * that successive grids show the same samples getting better; EDM's deterministic Heun sampler on the
 * Karras grid; for a class-conditional model, sample i has class i mod classes, one class per column when
 * the grid has as many columns.
 */
final class SampleGrid {
    /** Samples denoised together: bounds the memory of a grid's forward passes. */
    private static final int CHUNK = 16;

    private SampleGrid() {
    }

    /** {@code side * side} samples [N, C, R, R], clamped to [-1, 1]. */
    static Tensor sample(EDMPrecond net, int side, int steps, long seed) {
        UNetConfig config = net.config();
        Backend backend = net.namedParameters().values().iterator().next().value().backend();
        Sampler sampler = new Sampler(new TeacherDenoiser(net), SigmaGrid.karras(steps), Solver.HEUN);
        int total = side * side;
        int c = config.imgChannels();
        int r = config.imgResolution();
        Tensor[] parts = new Tensor[(total + CHUNK - 1) / CHUNK];
        for (int first = 0, i = 0; first < total; first += CHUNK, i++) {
            int n = Math.min(CHUNK, total - first);
            parts[i] = sampler.generate(backend, seed, first, new int[] {n, c, r, r}, labels(backend, config.labelDim(), first, n));
        }
        return Ops.clamp(Ops.cat(0, parts), -1f, 1f);
    }

    private static Tensor labels(Backend backend, int classes, int first, int n) {
        if (classes == 0) {
            return null;
        }
        float[] oneHot = new float[n * classes];
        for (int i = 0; i < n; i++) {
            oneHot[i * classes + (first + i) % classes] = 1;
        }
        return Tensor.of(backend, oneHot, n, classes);
    }

    /** Samples a grid of {@code net} and writes it as a PNG, atomically. */
    static void write(Path file, EDMPrecond net, int side, int steps, long seed) throws IOException {
        PngGrid.write(file, sample(net, side, steps, seed), side, 1);
    }
}
