package pagoda.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import pagoda.ode.analytic.GaussianDenoiser;
import pagoda.ode.analytic.PointMassDenoiser;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;

/**
 * Orders of convergence against denoisers whose ODE is known: the error of a walk from sigma = 80 to 0.002
 * on Karras grids of 129 and 257 levels (steps halved). The observed order log2(e_129 / e_257) tends to the
 * method's order as the steps shrink, the next error term adding a relative O(h); at these step counts
 * that term is a few percent, hence the 0.1 band. All on the float64 reference backend, so rounding
 * (1e-16) stays far below the errors measured (1e-4 and up).
 */
class ConvergenceTest {
    private static final Backend REF = Backends.reference();
    private static final GaussianDenoiser GAUSSIAN = GaussianDenoiser.of(0.3, 0.5);
    private static final Tensor LATENTS = SampleNoise.latents(REF, 11, 0, 4, 2, 4, 4);

    private static double gaussianError(Solver solver, int n) {
        double[] exact = GAUSSIAN.flow(Errors.scaled(LATENTS.toDoubleArray(), 80), 80, 0.002);
        Tensor out = new Sampler(GAUSSIAN, Errors.karrasWithoutZero(n), solver).generate(LATENTS, null, 0, 0);
        return Errors.relative(out.toDoubleArray(), exact);
    }

    @Test
    void heunIsSecondOrder() {
        assertEquals(2, Errors.order(gaussianError(Solver.HEUN, 129), gaussianError(Solver.HEUN, 257)), 0.1);
    }

    @Test
    void eulerIsFirstOrder() {
        assertEquals(1, Errors.order(gaussianError(Solver.EULER, 129), gaussianError(Solver.EULER, 257)), 0.1);
    }

    @Test
    void dpmSolverPlusPlus2mIsSecondOrder() {
        assertEquals(2, Errors.order(gaussianError(Solver.DPMPP_2M, 129), gaussianError(Solver.DPMPP_2M, 257)), 0.1);
    }

    /**
     * The non-linear case: three point masses, where each element is drawn to one mode as sigma falls.
     * No closed form, so the reference is Heun with 16x the finest step count (its error, by the order
     * measured, is 256x below the finest one compared).
     */
    @Test
    void heunIsSecondOrderOnANonLinearFlow() {
        PointMassDenoiser d = new PointMassDenoiser(new double[] {-0.6, 0.1, 0.7}, new double[] {0.3, 0.3, 0.4});
        double[] reference = new Sampler(d, Errors.karrasWithoutZero(4097), Solver.HEUN).generate(LATENTS, null, 0, 0)
                .toDoubleArray();
        double coarse = Errors.relative(new Sampler(d, Errors.karrasWithoutZero(129), Solver.HEUN)
                .generate(LATENTS, null, 0, 0).toDoubleArray(), reference);
        double fine = Errors.relative(new Sampler(d, Errors.karrasWithoutZero(257), Solver.HEUN)
                .generate(LATENTS, null, 0, 0).toDoubleArray(), reference);
        assertEquals(2, Errors.order(coarse, fine), 0.1);
    }

    /**
     * The full EDM sampler, down to sigma = 0 (the last step by Euler), against the exact flow to 0. The
     * last step's own error is that of mapping sigma = 0.002 to 0 with Euler: (sigma_min / s)^2 / 2, about
     * 1e-5 relative here, so the 257-level error may not fall below the walk's 1.9e-4 by much; 1e-3 bounds
     * both with margin.
     */
    @Test
    void edmSamplerReachesTheDataEnd() {
        double[] exact = GAUSSIAN.flow(Errors.scaled(LATENTS.toDoubleArray(), 80), 80, 0);
        Sampler sampler = new Sampler(GAUSSIAN, SigmaGrid.karras(257), Solver.HEUN);
        double error = Errors.relative(sampler.generate(LATENTS, null, 0, 0).toDoubleArray(), exact);
        assertTrue(error < 1e-3, "relative error " + error);
        assertEquals(2 * 257 - 1, sampler.evaluations());
    }
}
