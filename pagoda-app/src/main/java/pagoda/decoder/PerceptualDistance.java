package pagoda.decoder;

import java.util.List;
import pagoda.autograd.Fn;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.autograd.augment.DiffAugment;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * PaGoDA's reconstruction distance, in the form of LPIPS (Zhang et al. 2018, Eq. 1) with frozen random
 * projections in place of learnt channel weights:
 * <pre>
 *   d(x, x') = sum_l mean_{h,w} sum_c ( n(P_l f_l(x))_{c,h,w} - n(P_l f_l(x'))_{c,h,w} )^2
 *   n(v) = v / sqrt(sum_c v_c^2 + eps)      (each pixel's feature vector to unit length)
 * </pre>
 * with f_l the maps of a frozen {@link FeatureNetwork} and P_l {@link RandomProjections}. Both images pass
 * through the same DiffAugment transform first. LPIPS adds its eps = 1e-10 outside the root; here it sits
 * inside, so that the gradient stays finite where a feature vector is zero.
 */
public final class PerceptualDistance implements ReconstructionLoss {
    private static final float EPS = 1e-10f;

    private final FeatureNetwork network;
    private final RandomProjections projections;

    public PerceptualDistance(FeatureNetwork network, Backend backend, long projectionSeed) {
        this.network = network;
        this.projections = new RandomProjections(backend, network.channels(), projectionSeed);
    }

    @Override
    public String name() {
        return "perceptual";
    }

    @Override
    public Var perSample(Var fake, Tensor real, Tensor labels, DiffAugment.Params augment) {
        List<Var> target;
        try (NoGrad g = NoGrad.enter()) {
            target = projections.apply(network.features(augmented(Var.constant(real), augment), labels));
        }
        List<Var> generated = projections.apply(network.features(augmented(fake, augment), labels));
        Var total = null;
        for (int l = 0; l < generated.size(); l++) {
            Var diff = Fn.sub(normalised(generated.get(l)), normalised(target.get(l)));
            Var level = Fn.mean(Fn.sum(Fn.square(diff), 1), 1, 2);
            total = total == null ? level : Fn.add(total, level);
        }
        return total;
    }

    private static Var augmented(Var x, DiffAugment.Params augment) {
        return augment == null ? x : DiffAugment.apply(x, augment);
    }

    /** Each pixel's channel vector divided by its length. */
    private static Var normalised(Var f) {
        return Fn.mul(f, Fn.rsqrt(Fn.add(Fn.sumKeep(Fn.square(f), 1), EPS)));
    }
}
