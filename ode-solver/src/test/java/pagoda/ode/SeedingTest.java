package pagoda.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import pagoda.ode.analytic.GaussianDenoiser;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;

/** Per-sample noise streams and EDM's churn: determinism and independence from the batch. */
class SeedingTest {
    private static final Backend CPU = Backends.cpu();
    private static final GaussianDenoiser GAUSSIAN = GaussianDenoiser.of(0.3, 0.5);
    private static final Churn CHURN = new Churn(40, 0.05, 50, 1.003);
    private static final int[] SHAPE = {6, 3, 4, 4};

    private static double[] run(Sampler s, long seed, long firstId, int n) {
        return s.generate(CPU, seed, firstId, new int[] {n, 3, 4, 4}, null).toDoubleArray();
    }

    private static void assertBatchInvariant(Sampler s) {
        double[] whole = run(s, 9, 100, 6);
        double[] head = run(s, 9, 100, 2);
        double[] tail = run(s, 9, 102, 4);
        double[] joined = Arrays.copyOf(head, whole.length);
        System.arraycopy(tail, 0, joined, head.length, tail.length);
        assertArrayEquals(whole, joined, "sample 100 + i is the same alone, in a batch of 2 or of 6");
    }

    @Test
    void samplesDoNotDependOnTheirBatch() {
        assertBatchInvariant(new Sampler(GAUSSIAN, SigmaGrid.karras(8), Solver.HEUN));
        assertBatchInvariant(new Sampler(GAUSSIAN, SigmaGrid.karras(8), Solver.HEUN, CHURN));
        assertBatchInvariant(new Sampler(GAUSSIAN, SigmaGrid.karras(8), Solver.DPMPP_2M));
    }

    @Test
    void latentsAreTheSampleStreams() {
        Tensor batch = SampleNoise.latents(CPU, 1, 40, SHAPE);
        float[] expected = new float[48];
        SampleNoise.normal(1, 43, SampleNoise.LATENT_STREAM, expected, 0, 48);
        assertArrayEquals(expected, batch.select(0, 3).contiguous().toFloatArray());
        assertFalse(Arrays.equals(SampleNoise.latents(CPU, 2, 40, SHAPE).toFloatArray(), batch.toFloatArray()));
        assertFalse(SampleNoise.key(1, 43, 0) == SampleNoise.key(1, 43, 1), "latent and churn streams differ");
        assertFalse(SampleNoise.key(1, 43, 0) == SampleNoise.key(2, 43, 0), "seeds differ");
    }

    /** 2^16 draws: mean and variance within 5 standard errors (0.02 and 0.028) of a unit normal. */
    @Test
    void latentsAreUnitNormal() {
        double[] z = SampleNoise.latents(CPU, 12, 0, 64, 1, 32, 32).toDoubleArray();
        double mean = Arrays.stream(z).average().orElseThrow();
        double var = Arrays.stream(z).map(v -> (v - mean) * (v - mean)).sum() / (z.length - 1);
        assertEquals(0, mean, 5 / Math.sqrt(z.length));
        assertEquals(1, var, 5 * Math.sqrt(2.0 / z.length));
    }

    @Test
    void churnIsDeterministicPerSeed() {
        Sampler churned = new Sampler(GAUSSIAN, SigmaGrid.karras(8), Solver.HEUN, CHURN);
        Sampler plain = new Sampler(GAUSSIAN, SigmaGrid.karras(8), Solver.HEUN);
        assertArrayEquals(run(churned, 5, 0, 6), run(churned, 5, 0, 6));
        assertFalse(Arrays.equals(run(churned, 5, 0, 6), run(churned, 6, 0, 6)));
        assertFalse(Arrays.equals(run(churned, 5, 0, 6), run(plain, 5, 0, 6)), "churn adds noise");
        Sampler outsideRange = new Sampler(GAUSSIAN, SigmaGrid.karras(8), Solver.HEUN, new Churn(40, 100, 200, 1));
        assertArrayEquals(run(plain, 5, 0, 6), run(outsideRange, 5, 0, 6), "no churn outside [S_min, S_max]");
    }

    @Test
    void churnGammaFollowsAlgorithm2() {
        assertEquals(Math.sqrt(2) - 1, new Churn(40, 0, 100, 1).gamma(1, 18), 1e-15, "capped at sqrt(2) - 1");
        assertEquals(5.0 / 18, new Churn(5, 0, 100, 1).gamma(1, 18), 1e-15);
        assertEquals(0, new Churn(5, 0.05, 50, 1).gamma(60, 18));
        assertEquals(0, new Churn(5, 0.05, 50, 1).gamma(0.01, 18));
        assertEquals(0, Churn.NONE.gamma(1, 18));
    }

    /**
     * Churn keeps the sampler consistent: Gaussian data N(0.3, 0.5^2), 8192 samples of one element on 129
     * levels, mean and standard deviation within 5 standard errors (0.028 and 0.02) plus the deterministic
     * sampler's discretisation bias at this grid (below 0.002, see ConvergenceTest).
     */
    @Test
    void churnedSamplesHaveTheDataDistribution() {
        double[] v = new Sampler(GAUSSIAN, SigmaGrid.karras(129), Solver.HEUN, CHURN)
                .generate(CPU, 21, 0, new int[] {8192, 1, 1, 1}, null).toDoubleArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(v).map(a -> (a - mean) * (a - mean)).sum() / (v.length - 1));
        assertEquals(0.3, mean, 0.03);
        assertEquals(0.5, std, 0.022);
    }

    @Test
    void churnIsOnlyForEulerAndHeunTowardsData() {
        assertThrows(IllegalArgumentException.class, () -> new Sampler(GAUSSIAN, SigmaGrid.karras(8), Solver.DPMPP_2M, CHURN));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(GAUSSIAN, SigmaGrid.karrasAscending(8, 0.002, 80, 7),
                Solver.HEUN));
        assertThrows(IllegalArgumentException.class, () -> new Churn(-1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Churn(1, 2, 1, 1));
    }
}
