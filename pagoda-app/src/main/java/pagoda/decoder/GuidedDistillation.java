package pagoda.decoder;

import pagoda.autograd.Fn;
import pagoda.autograd.Var;
import pagoda.data.ShuffleStream;
import pagoda.tensor.Backend;

/**
 * The guided generator's distillation term (pagoda-spec.md, "Where this project departs", 3; guided
 * distillation after Meng et al. 2023, "On Distillation of Guided Diffusion Models"): over a batch of
 * {@link GuidanceBank} entries,
 * <pre>
 *   L_distill = mean_i mean_{c,h,w} (G(80 eps_i, y_i, w_i) - x_i)^2
 * </pre>
 * the pixel L2 distance between G at the entry's scale and the guided teacher's ODE sample from the same
 * noise. The entries of step s are positions s B .. s B + B - 1 of a shuffled stream of the bank, so a
 * resumed run draws them without any saved state.
 */
final class GuidedDistillation {
    private final GuidanceBank bank;
    private final long streamSeed;

    GuidedDistillation(GuidanceBank bank, long streamSeed) {
        this.bank = bank;
        this.streamSeed = streamSeed;
    }

    GuidanceBank bank() {
        return bank;
    }

    /** The entries of step {@code step}. */
    int[] entries(long step, int batch) {
        return ShuffleStream.resume(bank.size(), new ShuffleStream.State(streamSeed, step * batch)).next(batch).indices();
    }

    /** L_distill of step {@code step}, differentiable in G's parameters. */
    Var loss(OneStepGenerator g, Backend backend, long step, int batch, long dropoutSeed) {
        GuidanceBank.Batch b = bank.batch(backend, entries(step, batch));
        Var out = g.forward(Var.constant(b.latents()), b.labels(), b.guidance(), dropoutSeed);
        return Fn.mean(Fn.square(Fn.sub(out, Var.constant(b.images()))));
    }
}
