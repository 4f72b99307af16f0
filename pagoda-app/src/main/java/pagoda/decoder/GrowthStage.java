package pagoda.decoder;

import pagoda.autograd.Fn;
import pagoda.autograd.Module;
import pagoda.autograd.Var;
import pagoda.unet.Conv2d;
import pagoda.unet.DhariwalUNet;
import pagoda.unet.GroupNorm;
import pagoda.unet.UNetBlock;
import pagoda.unet.WeightInit;

/**
 * One 2x growth of the generator (pagoda-spec.md, "Stage 3"): an up-sampling residual block and two plain
 * residual blocks ({@code up}, {@code block0}, {@code block1}: EDM's {@link UNetBlock} with an additive
 * embedding, no attention, no dropout) on the previous feature map, and an output head ({@code out_norm},
 * {@code out_conv}) whose image is added to the nearest-neighbour up-sample of the previous image. Every last
 * conv starts at zero (EDM's initialisation of conv1 and of the output conv), so a fresh stage adds exactly
 * nothing.
 */
final class GrowthStage extends Module {
    private static final float[] NEAREST = {1, 1};

    private final UNetBlock up;
    private final UNetBlock block0;
    private final UNetBlock block1;
    private final GroupNorm outNorm;
    private final Conv2d outConv;
    private final int width;

    /**
     * @param in          channels of the previous feature map
     * @param width       channels of this stage's blocks
     * @param embChannels the width of the mapping network's embedding
     */
    GrowthStage(WeightInit init, int in, int width, int embChannels, int imgChannels) {
        this.width = width;
        UNetBlock.Options o = new UNetBlock.Options(embChannels, 0, 1.0, 1e-5f, NEAREST, false, false,
                DhariwalUNet.INIT, DhariwalUNet.INIT_ZERO, null);
        up = registerModule("up", new UNetBlock(init, in, width, true, false, 0, o, 0));
        block0 = registerModule("block0", new UNetBlock(init, width, width, false, false, 0, o, 0));
        block1 = registerModule("block1", new UNetBlock(init, width, width, false, false, 0, o, 0));
        outNorm = registerModule("out_norm", new GroupNorm(init, width, 1e-5f));
        outConv = registerModule("out_conv", new Conv2d(init, width, imgChannels, 3, true, false, false, null, false,
                DhariwalUNet.INIT_ZERO));
    }

    int width() {
        return width;
    }

    /** The stage's feature map [N, width, 2H, 2W] of the previous one [N, in, H, W]. */
    Var features(Var h, Var emb) {
        return block1.forward(block0.forward(up.forward(h, emb, 0), emb, 0), emb, 0);
    }

    /** {@code nearest2x(previous) + out_conv(silu(out_norm(h)))}: the image at this stage's resolution. */
    Var image(Var previous, Var h) {
        return Fn.add(Fn.upsampleNearest2x(previous), outConv.forward(Fn.silu(outNorm.forward(h))));
    }
}
