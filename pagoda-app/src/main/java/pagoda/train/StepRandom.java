package pagoda.train;

import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.random.Philox;

/**
 * The random numbers of one training step, each kind drawn from its own Philox stream whose key is a hash of
 * the run's seed, the kind and the step. Nothing carries over from one step to the next, so a run resumed at
 * step s draws exactly what an uninterrupted run draws there: the RNG state of a checkpoint is the seed and
 * the step.
 */
public final class StepRandom {
    /** The kinds of draw; the ordinal enters the key, so append new kinds at the end. */
    public enum Kind {
        /** ln(sigma) per image. */
        NOISE_LEVEL,
        /** The noise n added to the images. */
        NOISE,
        /** The network's dropout and label-dropout masks (label dropout serves classifier-free guidance). */
        DROPOUT
    }

    private final long seed;

    public StepRandom(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** The Philox key of {@code kind} at {@code step}. */
    public long key(Kind kind, long step) {
        return mix(mix(seed ^ mix(kind.ordinal() + 1L)) + step);
    }

    /** {@code n} normal draws with the given mean and standard deviation. */
    public float[] normal(Kind kind, long step, int n, float mean, float std) {
        float[] out = new float[n];
        Philox.fill(out, 0, n, key(kind, step), 0, true, mean, std);
        return out;
    }

    /** A standard normal tensor on {@code backend}. */
    public Tensor normalTensor(Backend backend, Kind kind, long step, int... shape) {
        return Ops.normal(backend, key(kind, step), 0, 0f, 1f, shape);
    }

    /** SplitMix64's finaliser (Steele et al., OOPSLA 2014): decorrelates nearby keys. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
