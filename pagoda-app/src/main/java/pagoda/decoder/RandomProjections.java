package pagoda.decoder;

import java.util.ArrayList;
import java.util.List;
import pagoda.autograd.Fn;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Frozen random 1x1 projections of feature maps, one per level (the "cross-channel mixing" of Sauer et al.
 * 2021, Projected GANs, section 3.2, which PaGoDA's perceptual distance and discriminator apply to their
 * feature networks): level l maps C_l channels to C_l channels by a matrix with entries drawn from
 * N(0, 1 / C_l), from the Philox stream {@code seed}, level l starting at draw {@code l 2^32}. They are
 * never trained, so they are rebuilt from the seed rather than saved.
 */
public final class RandomProjections {
    private final List<Tensor> weights = new ArrayList<>();

    public RandomProjections(Backend backend, int[] channels, long seed) {
        for (int l = 0; l < channels.length; l++) {
            int c = channels[l];
            weights.add(Ops.normal(backend, seed, (long) l << 32, 0f, (float) (1 / Math.sqrt(c)), c, c, 1, 1));
        }
    }

    /** The projection of level l, [C_l, C_l, 1, 1]. */
    public Tensor weight(int level) {
        return weights.get(level);
    }

    /** Projects every level; the gradient flows to the features. */
    public List<Var> apply(List<Var> features) {
        if (features.size() != weights.size()) {
            throw new IllegalArgumentException("RandomProjections: " + features.size() + " feature maps for " + weights.size()
                    + " projections");
        }
        List<Var> out = new ArrayList<>();
        for (int l = 0; l < features.size(); l++) {
            out.add(Fn.conv2d(features.get(l), Var.constant(weights.get(l)), null, Conv2dSpec.of(1, 0)));
        }
        return out;
    }
}
