package pagoda.ode;

import java.util.Objects;
import pagoda.tensor.Tensor;

/**
 * PaGoDA's deterministic encoder (spec, Stage 1.5): the frozen teacher's probability-flow ODE integrated
 * upward, data to noise, starting from the image itself at the grid's first level (no noise added), with
 * the denoiser's output optionally clamped to [-1, 1] at every evaluation; the final state is not clamped.
 */
public final class Encoder {
    /** The reference encoder's grid size: 40 levels, 39 Heun steps from 0.002 to 80. */
    public static final int PAGODA_LEVELS = 40;

    private final Denoiser denoiser;
    private final SigmaGrid grid;
    private final Solver solver;

    /**
     * @param grid          an ascending grid, normally {@link SigmaGrid#karrasAscending}
     * @param clampDenoised clamp D to [-1, 1] at every evaluation (PaGoDA's encoder does)
     */
    public Encoder(Denoiser denoiser, SigmaGrid grid, Solver solver, boolean clampDenoised) {
        Objects.requireNonNull(denoiser, "denoiser");
        this.grid = Objects.requireNonNull(grid, "grid");
        this.solver = Objects.requireNonNull(solver, "solver");
        if (grid.descending()) {
            throw new IllegalArgumentException("encoding walks an ascending sigma grid; got " + grid);
        }
        this.denoiser = clampDenoised ? denoiser.clamped(-1, 1) : denoiser;
    }

    /** The reference encoder: the 40-level Karras grid (0.002 to 80, rho 7) upward, Heun, clamped denoiser. */
    public static Encoder pagoda(Denoiser teacher) {
        return new Encoder(teacher, SigmaGrid.karrasAscending(PAGODA_LEVELS, SigmaGrid.SIGMA_MIN, SigmaGrid.SIGMA_MAX,
                SigmaGrid.RHO), Solver.HEUN, true);
    }

    /**
     * Encodes images [N, C, H, W] in [-1, 1].
     *
     * @param labels [N, K] or null
     * @return the latents at the grid's last level (about N(0, sigma_max^2) per entry), on the images' backend
     */
    public Tensor encode(Tensor images, Tensor labels) {
        int[] shape = images.shape();
        DenoiserCalls calls = new DenoiserCalls(denoiser, images.backend(), shape, labels);
        double[] z = OdeWalk.run(calls, images.toDoubleArray(), shape[0], grid, solver, Churn.NONE, null);
        return Tensor.ofDoubles(images.backend(), z, shape);
    }

    /** Denoiser evaluations per batch. */
    public int evaluations() {
        return solver.evaluations(grid.steps(), grid.sigma(grid.size() - 1));
    }

    public SigmaGrid grid() {
        return grid;
    }
}
