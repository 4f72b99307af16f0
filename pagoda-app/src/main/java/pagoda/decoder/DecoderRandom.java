package pagoda.decoder;

import pagoda.autograd.augment.DiffAugment;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * The random draws of one decoder training step, each kind from its own Philox stream keyed by a hash of
 * the run's seed, the kind and the step, as {@link pagoda.train.StepRandom} does for the teacher: nothing
 * carries over between steps, so a run resumed at step s draws what an uninterrupted run draws there.
 */
final class DecoderRandom {
    /** The kinds of draw; the ordinal enters the key, so append new kinds at the end. */
    enum Kind {
        /** Dropout masks of G's pass on the latents. */
        DROPOUT_RECONSTRUCTION,
        /** DiffAugment parameters of the reconstruction loss (both sides). */
        AUGMENT_RECONSTRUCTION,
        /** Fresh noise of the generator's GAN term. */
        NOISE_GENERATOR,
        DROPOUT_GENERATOR,
        AUGMENT_GENERATOR,
        /** Fresh noise of the fakes of the discriminator step. */
        NOISE_DISCRIMINATOR,
        DROPOUT_DISCRIMINATOR,
        AUGMENT_REAL,
        AUGMENT_FAKE,
        /** The seeds of the two data streams (drawn once, at step 0). */
        STREAM_GENERATOR,
        STREAM_DISCRIMINATOR,
        /** The seeds of the frozen random projections (step 0) and of the discriminator's initialisation. */
        PROJECTION,
        DISCRIMINATOR_INIT,
        /** The crop windows of {@link ImageViews}: reconstruction loss (both sides), GAN term, real and fake of D. */
        VIEW_RECONSTRUCTION,
        VIEW_GENERATOR,
        VIEW_REAL,
        VIEW_FAKE,
        /** The seed of the guidance bank's stream (step 0), the dropout masks of the distillation pass, and the
         *  guided generator's fresh guidance embedding (step 0). */
        STREAM_BANK,
        DROPOUT_DISTILLATION,
        GUIDANCE_INIT
    }

    private final long seed;

    DecoderRandom(long seed) {
        this.seed = seed;
    }

    long key(Kind kind, long step) {
        return mix(mix(seed ^ mix(kind.ordinal() + 1L)) + step);
    }

    /** {@code 80 eps}: fresh latents [N, C, R, R] at the generator's noise level. */
    Tensor latents(Backend backend, Kind kind, long step, int n, int c, int r) {
        return Ops.normal(backend, key(kind, step), 0, 0f, (float) Generator.SIGMA, n, c, r, r);
    }

    /** DiffAugment parameters of a batch. */
    DiffAugment.Params augment(DiffAugment augment, Kind kind, long step, int n, int r) {
        return augment.sample(n, r, r, key(kind, step), 0);
    }

    /** SplitMix64's finaliser (Steele et al., OOPSLA 2014): decorrelates nearby keys. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
