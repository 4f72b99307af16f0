package pagoda.unet.gan;

import pagoda.autograd.Fn;
import pagoda.autograd.Module;
import pagoda.autograd.Parameter;
import pagoda.autograd.SpectralNorm;
import pagoda.autograd.Var;
import pagoda.unet.WeightInit;

/**
 * {@code spectral_norm(nn.Linear(in, out, bias))}: {@code y = x (W / sigma)^T + b} with one power-iteration
 * step per training forward pass ({@link SpectralNorm}). State: {@code bias}, {@code weight_orig},
 * {@code weight_u}, {@code weight_v}, in torch's order.
 */
public final class SnLinear extends Module {
    private final Parameter bias;
    private final SpectralNorm sn;

    /** With torch's default initialisation ({@link TorchInit#DEFAULT}). */
    public SnLinear(WeightInit init, int in, int out, boolean bias) {
        this(init, in, out, bias, TorchInit.DEFAULT);
    }

    public SnLinear(WeightInit init, int in, int out, boolean bias, WeightInit.Spec weights) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("SnLinear: " + in + " to " + out + " features (both must be >= 1)");
        }
        var w = init.draw(weights.mode(), weights.weight(), in, out, out, in);
        var b = bias ? init.draw(weights.mode(), weights.bias(), in, out, out) : null;
        this.bias = b == null ? null : registerParameter("bias", b);
        this.sn = TorchInit.spectralNorm(this, init, w);
    }

    public SpectralNorm spectralNorm() {
        return sn;
    }

    /** x [N, in] (or [..., in]) to [N, out]. */
    public Var forward(Var x) {
        return Fn.linear(x, sn.weight(), bias);
    }
}
