package pagoda.inverse;

import java.util.Arrays;
import pagoda.autograd.Fn;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Colourisation's operator: RGB [N, 3, H, W] to luma [N, 1, H, W] with ITU-R BT.601's weights
 * (L = 0.299 R + 0.587 G + 0.114 B, the weights of PIL's {@code convert("L")}), a 1x1 convolution. Affine
 * maps between [0, 255] and [-1, 1] commute with it because the weights sum to 1.
 */
public final class Greyscale implements Measurement {
    public static final float[] WEIGHTS = {0.299f, 0.587f, 0.114f};

    private final Tensor w;

    public Greyscale(Backend backend) {
        this.w = Tensor.of(backend, WEIGHTS.clone(), 1, 3, 1, 1);
    }

    @Override
    public Var apply(Var x) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != 3) {
            throw new IllegalArgumentException("greyscale: expected RGB images [N, 3, H, W], got " + Arrays.toString(s));
        }
        return Fn.conv2d(x, Var.constant(w.to(x.value().backend())), null, Conv2dSpec.of(1, 0));
    }

    /**
     * x + (y - L(x)) in every channel, clamped to [-1, 1]: since the weights sum to 1 this has luma y exactly
     * (before the clamp) and keeps x's chroma, the colour differences between channels.
     */
    @Override
    public Tensor consistent(Tensor estimate, Tensor y) {
        Tensor d = Ops.sub(y, apply(estimate));
        return Ops.clamp(Ops.add(estimate, d), -1f, 1f);
    }

    /** The grey image in every channel. */
    @Override
    public Tensor baseline(Tensor y, int channels) {
        return Baselines.replicate(y, channels);
    }

    @Override
    public String describe() {
        return "greyscale (BT.601 luma)";
    }
}
