package pagoda.inverse;

import pagoda.ode.Encoder;
import pagoda.ode.SampleNoise;
import pagoda.decoder.Generator;
import pagoda.decoder.OneStepGenerator;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Where a latent fit starts: the teacher's encoding of the baseline (brought to the teacher's resolution by the
 * reference pipeline when G's is higher), so the fit begins at G's reconstruction of the simple answer; or fresh
 * noise, z = 80 eps with eps from image i's noise stream (seed, i), as {@code ./pagoda sample} draws it.
 */
public sealed interface LatentStart {
    /** The starting latents [N, C, r, r] of images {@code first} .. {@code first + N - 1}, given their baselines. */
    Tensor latents(OneStepGenerator g, Tensor baseline, Tensor labels, long first);

    /** {@code encoder} or {@code noise}. */
    String name();

    record FromEncoder(Encoder encoder) implements LatentStart {
        @Override
        public Tensor latents(OneStepGenerator g, Tensor baseline, Tensor labels, long first) {
            return encoder.encode(ImageTensors.toResolution(baseline, g.latentResolution()), labels);
        }

        @Override
        public String name() {
            return "encoder";
        }
    }

    record FromNoise(long seed) implements LatentStart {
        @Override
        public Tensor latents(OneStepGenerator g, Tensor baseline, Tensor labels, long first) {
            int r = g.latentResolution();
            Tensor eps = SampleNoise.latents(baseline.backend(), seed, first, baseline.size(0), g.channels(), r, r);
            return Ops.mul(eps, (float) Generator.SIGMA);
        }

        @Override
        public String name() {
            return "noise";
        }
    }
}
