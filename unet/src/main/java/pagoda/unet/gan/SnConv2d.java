package pagoda.unet.gan;

import pagoda.autograd.Fn;
import pagoda.autograd.Module;
import pagoda.autograd.Parameter;
import pagoda.autograd.SpectralNorm;
import pagoda.autograd.Var;
import pagoda.tensor.Conv2dSpec;
import pagoda.unet.WeightInit;

/**
 * {@code spectral_norm(nn.Conv2d(in, out, kernel, stride, padding, bias))}: a convolution whose weight is
 * divided by its spectral norm, estimated by one power-iteration step per training forward pass
 * ({@link SpectralNorm}). State: {@code bias}, {@code weight_orig}, {@code weight_u}, {@code weight_v}, in
 * torch's order.
 */
public final class SnConv2d extends Module {
    private final Parameter bias;
    private final SpectralNorm sn;
    private final Conv2dSpec spec;

    /** With torch's default initialisation ({@link TorchInit#DEFAULT}). */
    public SnConv2d(WeightInit init, int in, int out, int kernel, int stride, int padding, boolean bias) {
        this(init, in, out, kernel, stride, padding, bias, TorchInit.DEFAULT);
    }

    public SnConv2d(WeightInit init, int in, int out, int kernel, int stride, int padding, boolean bias, WeightInit.Spec weights) {
        if (in < 1 || out < 1 || kernel < 1) {
            throw new IllegalArgumentException("SnConv2d: " + in + " to " + out + " channels with kernel " + kernel
                    + " (all must be >= 1)");
        }
        this.spec = Conv2dSpec.of(stride, padding);
        int fanIn = in * kernel * kernel;
        int fanOut = out * kernel * kernel;
        var w = init.draw(weights.mode(), weights.weight(), fanIn, fanOut, out, in, kernel, kernel);
        var b = bias ? init.draw(weights.mode(), weights.bias(), fanIn, fanOut, out) : null;
        this.bias = b == null ? null : registerParameter("bias", b);
        this.sn = TorchInit.spectralNorm(this, init, w);
    }

    public SpectralNorm spectralNorm() {
        return sn;
    }

    /** x [N, in, H, W] to [N, out, P, Q]. */
    public Var forward(Var x) {
        return Fn.conv2d(x, sn.weight(), bias, spec);
    }
}
