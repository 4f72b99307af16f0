package pagoda.unet.gan;

import pagoda.autograd.Module;
import pagoda.autograd.SpectralNorm;
import pagoda.tensor.Tensor;
import pagoda.unet.WeightInit;

/** torch's default initialisation of convolutions and linear layers, and of spectral norm's vectors, on the project's Philox stream. */
public final class TorchInit {
    /**
     * {@code torch.nn.Conv2d} and {@code torch.nn.Linear}'s {@code reset_parameters}: weight
     * {@code kaiming_uniform_(a = sqrt(5))}, i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the bias from the
     * same range: EDM's kaiming_uniform {@code sqrt(3 / fan_in) U(-1, 1)} times 1/sqrt(3).
     */
    public static final WeightInit.Spec DEFAULT = new WeightInit.Spec(WeightInit.Mode.KAIMING_UNIFORM,
            1 / Math.sqrt(3), 1 / Math.sqrt(3));

    private TorchInit() {
    }

    /**
     * Registers spectral norm of {@code weight} on {@code owner} as {@code weight_orig}, {@code weight_u}
     * and {@code weight_v}, with u and v drawn from N(0, 1) (then normalised), as torch does.
     */
    static SpectralNorm spectralNorm(Module owner, WeightInit init, Tensor weight) {
        int rows = weight.size(0);
        int cols = (int) (weight.numel() / rows);
        Tensor u0 = init.draw(WeightInit.Mode.KAIMING_NORMAL, 1.0, 1, 1, rows);
        Tensor v0 = init.draw(WeightInit.Mode.KAIMING_NORMAL, 1.0, 1, 1, cols);
        return SpectralNorm.register(owner, "weight", weight, u0, v0);
    }
}
