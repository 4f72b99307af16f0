package pagoda.ode;

import java.util.Arrays;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;
import pagoda.tensor.random.Philox;

/**
 * Per-sample noise: every draw of sample {@code id} comes from its own Philox stream, keyed by
 * (seed, id, stream), so a sample is the same whatever batch it is generated in and whatever its position
 * there. Stream 0 is the initial latent; stream 1 + k the churn noise of step k.
 *
 * <p>The stream key is itself a Philox block (counter = (id, stream), key = seed): a keyed bijection, so
 * distinct (id, stream) pairs of one seed never share a key, and keys of different seeds are unrelated.
 */
public final class SampleNoise {
    /** The stream of the initial latent. */
    public static final long LATENT_STREAM = 0;

    private SampleNoise() {
    }

    /** The stream for the churn noise of step {@code step} of a walk. */
    public static long churnStream(int step) {
        return 1L + step;
    }

    /** The 64-bit Philox key of stream {@code stream} of sample {@code id} under {@code seed}. */
    public static long key(long seed, long id, long stream) {
        int[] w = new int[4];
        Philox.block((int) id, (int) (id >>> 32), (int) stream, (int) (stream >>> 32), (int) seed, (int) (seed >>> 32), w);
        return (w[0] & 0xFFFFFFFFL) | ((long) w[1] << 32);
    }

    /** Writes {@code n} standard normals of stream (seed, id, stream) into {@code out[off ..]}. */
    public static void normal(long seed, long id, long stream, float[] out, int off, int n) {
        Philox.fill(out, off, n, key(seed, id, stream), 0, true, 0f, 1f);
    }

    /**
     * Unit-normal latents [N, ...]: sample i of the batch is sample {@code firstId + i} of the run.
     *
     * @param shape the batch shape, N first (e.g. N, C, H, W)
     */
    public static Tensor latents(Backend backend, long seed, long firstId, int... shape) {
        if (shape.length < 2 || shape[0] < 0) {
            throw new IllegalArgumentException("latents: expected a batch shape [N, C, H, W], got " + Arrays.toString(shape));
        }
        int perSample = perSample(shape);
        float[] z = new float[Math.multiplyExact(shape[0], perSample)];
        for (int i = 0; i < shape[0]; i++) {
            normal(seed, firstId + i, LATENT_STREAM, z, i * perSample, perSample);
        }
        return Tensor.of(backend, z, shape);
    }

    static int perSample(int[] shape) {
        int m = 1;
        for (int i = 1; i < shape.length; i++) {
            m = Math.multiplyExact(m, shape[i]);
        }
        return m;
    }
}
