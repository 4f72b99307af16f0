package pagoda.ode;

import java.util.Objects;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * Generation, noise to data: x = sigma_0 * latents in float64, then the chosen solver down a descending
 * grid (EDM's sampler, Algorithms 1 and 2). The denoiser sees the state on the latents' backend.
 */
public final class Sampler {
    private final Denoiser denoiser;
    private final SigmaGrid grid;
    private final Solver solver;
    private final Churn churn;

    /**
     * @param grid a descending grid, normally {@link SigmaGrid#karras(int)} (ending at 0)
     */
    public Sampler(Denoiser denoiser, SigmaGrid grid, Solver solver, Churn churn) {
        this.denoiser = Objects.requireNonNull(denoiser, "denoiser");
        this.grid = Objects.requireNonNull(grid, "grid");
        this.solver = Objects.requireNonNull(solver, "solver");
        this.churn = Objects.requireNonNull(churn, "churn");
        if (!grid.descending()) {
            throw new IllegalArgumentException("generation walks a descending sigma grid; got " + grid);
        }
        if (churn.active() && solver == Solver.DPMPP_2M) {
            throw new IllegalArgumentException("churn (EDM Algorithm 2) is defined for the euler and heun solvers, not dpmpp");
        }
    }

    /** The deterministic EDM sampler (Algorithm 1 for Heun). */
    public Sampler(Denoiser denoiser, SigmaGrid grid, Solver solver) {
        this(denoiser, grid, solver, Churn.NONE);
    }

    /**
     * Samples from unit-normal {@code latents} [N, C, H, W].
     *
     * @param labels  [N, K] or null
     * @param seed    the run's seed, for the churn noise (ignored without churn)
     * @param firstId the run-wide index of the batch's first sample, so churn noise follows the sample
     * @return x at the grid's last level, on the latents' backend
     */
    public Tensor generate(Tensor latents, Tensor labels, long seed, long firstId) {
        int[] shape = latents.shape();
        double[] x = latents.toDoubleArray();
        double sigma0 = grid.sigma(0);
        for (int j = 0; j < x.length; j++) {
            x[j] *= sigma0;
        }
        DenoiserCalls calls = new DenoiserCalls(denoiser, latents.backend(), shape, labels);
        double[] out = OdeWalk.run(calls, x, shape[0], grid, solver, churn, new OdeWalk.Noise(seed, firstId));
        return Tensor.ofDoubles(latents.backend(), out, shape);
    }

    /**
     * Samples {@code firstId .. firstId + N - 1} of a run: latents and churn noise from each sample's own
     * Philox streams ({@link SampleNoise}), so the result for a sample does not depend on the batch.
     *
     * @param shape [N, C, H, W]
     */
    public Tensor generate(Backend backend, long seed, long firstId, int[] shape, Tensor labels) {
        return generate(SampleNoise.latents(backend, seed, firstId, shape), labels, seed, firstId);
    }

    /** Denoiser evaluations per batch. */
    public int evaluations() {
        return solver.evaluations(grid.steps(), grid.sigma(grid.size() - 1));
    }

    public SigmaGrid grid() {
        return grid;
    }

    public Solver solver() {
        return solver;
    }
}
