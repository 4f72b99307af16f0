package pagoda.unet;

import pagoda.autograd.Fn;
import pagoda.autograd.Module;
import pagoda.autograd.Var;

/**
 * EDM's residual block with optional up/down-sampling and self-attention (NVlabs/edm {@code UNetBlock}):
 * <pre>
 *   h = conv0(silu(norm0(x)))                                  (resampled inside conv0)
 *   h = silu(shift + norm1(h) (scale + 1))   [scale, shift] = affine(emb)   (adaptive scale)
 *     or silu(norm1(h + affine(emb)))                                        (additive)
 *   x = (conv1(dropout(h)) + skip(x)) skipScale
 *   x = (proj(attention(qkv(norm2(x)))) + x) skipScale         (when the block has heads)
 * </pre>
 * Attention splits qkv's 3C channels as EDM does, [heads][C/heads][3], and runs per head with
 * {@code softmax(q^T k / sqrt(C/heads))}.
 */
public final class UNetBlock extends Module {
    /** The block options NVlabs/edm passes through {@code block_kwargs}, for one architecture. */
    public record Options(int embChannels, double dropout, double skipScale, float eps, float[] resampleFilter,
                          boolean resampleProj, boolean adaptiveScale, WeightInit.Spec init, WeightInit.Spec initZero,
                          WeightInit.Spec initAttn) {
    }

    private final GroupNorm norm0;
    private final Conv2d conv0;
    private final Linear affine;
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Conv2d skip;
    private final GroupNorm norm2;
    private final Conv2d qkv;
    private final Conv2d proj;
    private final int heads;
    private final float dropout;
    private final float skipScale;
    private final boolean adaptiveScale;
    private final long dropoutOffset;

    /**
     * @param heads         attention heads (0: no attention)
     * @param dropoutOffset where this block's dropout draws start in the Philox stream of a forward pass
     */
    public UNetBlock(WeightInit init, int in, int out, boolean up, boolean down, int heads, Options o, long dropoutOffset) {
        this.heads = heads;
        this.dropout = (float) o.dropout();
        this.skipScale = (float) o.skipScale();
        this.adaptiveScale = o.adaptiveScale();
        this.dropoutOffset = dropoutOffset;
        norm0 = registerModule("norm0", new GroupNorm(init, in, o.eps()));
        conv0 = registerModule("conv0", new Conv2d(init, in, out, 3, true, up, down, o.resampleFilter(), false, o.init()));
        affine = registerModule("affine", new Linear(init, o.embChannels(), out * (o.adaptiveScale() ? 2 : 1), true, o.init()));
        norm1 = registerModule("norm1", new GroupNorm(init, out, o.eps()));
        conv1 = registerModule("conv1", new Conv2d(init, out, out, 3, true, false, false, o.resampleFilter(), false, o.initZero()));
        if (out != in || up || down) {
            int kernel = o.resampleProj() || out != in ? 1 : 0;
            skip = registerModule("skip", new Conv2d(init, in, out, kernel, true, up, down, o.resampleFilter(), false, o.init()));
        } else {
            skip = null;
        }
        if (heads > 0) {
            if (out % heads != 0) {
                throw new IllegalArgumentException("UNetBlock: " + out + " channels do not split into " + heads + " heads");
            }
            norm2 = registerModule("norm2", new GroupNorm(init, out, o.eps()));
            qkv = registerModule("qkv", new Conv2d(init, out, out * 3, 1, true, false, false, o.resampleFilter(), false,
                    o.initAttn() != null ? o.initAttn() : o.init()));
            proj = registerModule("proj", new Conv2d(init, out, out, 1, true, false, false, o.resampleFilter(), false, o.initZero()));
        } else {
            norm2 = null;
            qkv = null;
            proj = null;
        }
    }

    /**
     * @param x    [N, in, H, W]
     * @param emb  [N, embChannels] (or [1, embChannels], broadcast)
     * @param seed the Philox stream of this forward pass's dropout masks
     */
    public Var forward(Var x, Var emb, long seed) {
        Var orig = x;
        x = conv0.forward(Fn.silu(norm0.forward(x)));
        int c = x.shape()[1];
        Var params = Fn.reshape(affine.forward(emb), -1, affine.outFeatures(), 1, 1);
        if (adaptiveScale) {
            Var[] scaleShift = Fn.split(params, 1, c, c);
            x = Fn.silu(Fn.add(scaleShift[1], Fn.mul(norm1.forward(x), Fn.add(scaleShift[0], 1f))));
        } else {
            x = Fn.silu(norm1.forward(Fn.add(x, params)));
        }
        x = conv1.forward(Fn.dropout(x, dropout, seed, dropoutOffset, isTraining()));
        x = Fn.add(x, skip != null ? skip.forward(orig) : orig);
        x = scaled(x);
        if (heads > 0) {
            x = scaled(Fn.add(proj.forward(attention(qkv.forward(norm2.forward(x)), x.shape())), x));
        }
        return x;
    }

    /** EDM's qkv layout: a reshape to [N heads, C/heads, 3, HW], then q, k, v along the third axis. */
    private Var attention(Var qkvOut, int[] shape) {
        int n = shape[0];
        int c = shape[1];
        int length = shape[2] * shape[3];
        int ch = c / heads;
        Var split = Fn.reshape(qkvOut, n * heads, ch, 3, length);
        Var[] parts = Fn.split(split, 2, 1, 1, 1);
        Var q = Fn.reshape(parts[0], n * heads, ch, length);
        Var k = Fn.reshape(parts[1], n * heads, ch, length);
        Var v = Fn.reshape(parts[2], n * heads, ch, length);
        return Fn.reshape(Fn.attention(q, k, v), shape);
    }

    private Var scaled(Var x) {
        return skipScale == 1f ? x : Fn.mul(x, skipScale);
    }
}
