package pagoda.unet;

import pagoda.autograd.Fn;
import pagoda.autograd.Module;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;

/**
 * EDM's group normalisation: {@code min(32, C / 4)} groups (at least four channels per group), a per-channel
 * scale initialised to 1 and shift to 0.
 */
public final class GroupNorm extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final int groups;
    private final float eps;

    public GroupNorm(WeightInit init, int channels, float eps) {
        this.groups = UNetConfig.groupsOf(channels);
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + channels + " channels cannot form min(32, C/4) = "
                    + groups + " equal groups");
        }
        this.eps = eps;
        this.weight = registerParameter("weight", init.ones(channels));
        this.bias = registerParameter("bias", init.zeros(channels));
    }

    public int groups() {
        return groups;
    }

    public Var forward(Var x) {
        return Fn.groupNorm(x, weight, bias, groups, eps);
    }
}
