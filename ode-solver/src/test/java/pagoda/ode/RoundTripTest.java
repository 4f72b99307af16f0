package pagoda.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import pagoda.ode.analytic.GaussianDenoiser;
import pagoda.ode.analytic.PointMassDenoiser;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;

/**
 * Encode, then generate on the same grid: the image comes back, closer as the grid grows. Each direction is
 * a second-order walk, so the round-trip error falls at least 4x per doubling of the steps (Heun's leading
 * errors of the two directions in fact cancel, and about 8x is seen).
 */
class RoundTripTest {
    private static final Backend REF = Backends.reference();

    private static double roundTrip(Denoiser d, Tensor images, int n) {
        Encoder encoder = new Encoder(d, SigmaGrid.karrasAscending(n, 0.002, 80, 7), Solver.HEUN, false);
        double[] z = encoder.encode(images, null).toDoubleArray();
        Tensor latents = Tensor.ofDoubles(REF, Errors.scaled(z, 1 / 80.0), images.shape());
        Tensor back = new Sampler(d, encoder.grid().reversed(), Solver.HEUN).generate(latents, null, 0, 0);
        return Errors.relative(back.toDoubleArray(), images.toDoubleArray());
    }

    private static void assertConverges(Denoiser d, Tensor images, int... levels) {
        double previous = Double.NaN;
        for (int n : levels) {
            double error = roundTrip(d, images, n);
            assertTrue(Double.isNaN(previous) || error <= previous / 4, "round trip with " + n + " levels: error " + error
                    + " after " + previous + " with half the steps");
            previous = error;
        }
        assertTrue(previous < 1e-3, "round-trip error at " + levels[levels.length - 1] + " levels: " + previous);
    }

    @Test
    void gaussianDataComeBack() {
        GaussianDenoiser d = GaussianDenoiser.of(0.3, 0.5);
        double[] images = Errors.scaled(SampleNoise.latents(REF, 3, 0, 4, 3, 4, 4).toDoubleArray(), 0.5);
        assertConverges(d, Tensor.ofDoubles(REF, images, 4, 3, 4, 4), 17, 33, 65, 129);
    }

    /**
     * Images drawn from the point-mass mixture at sigma_min (a mode plus 0.002 noise), which the flow must
     * carry through the sharp separation of the modes near sigma_min and back. Below about 65 levels the
     * steps do not resolve that separation (17 levels: error 0.28; 33 to 65: only 2x), so the asymptotic
     * rate is checked from 65 levels on.
     */
    @Test
    void pointMassDataComeBack() {
        double[] modes = {-0.8, 0, 0.8};
        PointMassDenoiser d = new PointMassDenoiser(modes, new double[] {1, 2, 1});
        double[] noise = SampleNoise.latents(REF, 4, 0, 4, 3, 4, 4).toDoubleArray();
        double[] images = new double[noise.length];
        for (int i = 0; i < images.length; i++) {
            images[i] = modes[i % modes.length] + 0.002 * noise[i];
        }
        assertConverges(d, Tensor.ofDoubles(REF, images, 4, 3, 4, 4), 65, 129, 257, 513);
    }
}
