package pagoda.decoder;

import java.util.ArrayList;
import java.util.List;
import pagoda.autograd.Fn;
import pagoda.autograd.Module;
import pagoda.autograd.Var;
import pagoda.tensor.Tensor;
import pagoda.unet.Linear;
import pagoda.unet.WeightInit;
import pagoda.unet.gan.BatchNorm2d;
import pagoda.unet.gan.SnConv2d;
import pagoda.unet.gan.TorchInit;

/**
 * One head of the projected discriminator for one feature level (Sauer et al. 2021, Projected GANs,
 * {@code SingleDisc} / {@code SingleDiscCond}): down-sampling blocks {@code SnConv2d(4x4, stride 2, pad 1)
 * -> BatchNorm2d -> LeakyReLU(0.2)} until the map is 4x4, then an unpadded spectrally normalised convolution
 * to one logit per position. Class-conditional heads output {@code cmapDim} channels instead and project them
 * onto an embedding of the label (Miyato and Koyama 2018): {@code logit = sum_c out_c cmap_c / sqrt(cmapDim)},
 * {@code cmap = LeakyReLU_0.2(Linear(embed(y)))}.
 */
final class DiscriminatorHead extends Module {
    /** The side at which down-sampling stops (Projected GANs stop at 4 for their final 4x4 convolution too). */
    static final int END_SIZE = 4;
    static final float SLOPE = 0.2f;
    /** Projected GANs' label embedding width. */
    static final int EMBED_DIM = 128;

    private final List<SnConv2d> downConvs = new ArrayList<>();
    private final List<BatchNorm2d> downNorms = new ArrayList<>();
    private final SnConv2d out;
    private final Linear embed;
    private final Linear embedProj;
    private final int cmapDim;

    /**
     * @param classes 0 for an unconditional head
     */
    DiscriminatorHead(WeightInit init, int channels, int size, int width, int classes, int cmapDim) {
        int c = channels;
        int s = size;
        for (int i = 0; s > END_SIZE; i++) {
            downConvs.add(registerModule("down" + i + "_conv", new SnConv2d(init, c, width, 4, 2, 1, true)));
            downNorms.add(registerModule("down" + i + "_norm", new BatchNorm2d(init.backend(), width)));
            c = width;
            s /= 2;
        }
        this.cmapDim = classes > 0 ? cmapDim : 0;
        out = registerModule("out", new SnConv2d(init, c, classes > 0 ? cmapDim : 1, Math.min(END_SIZE, s), 1, 0, false));
        if (classes > 0) {
            // nn.Embedding's N(0, 1) rows, as a bias-free linear map of the one-hot label.
            embed = registerModule("embed", new Linear(init, classes, EMBED_DIM, false,
                    new WeightInit.Spec(WeightInit.Mode.KAIMING_NORMAL, Math.sqrt(classes), 0)));
            embedProj = registerModule("embed_proj", new Linear(init, EMBED_DIM, cmapDim, true, TorchInit.DEFAULT));
        } else {
            embed = null;
            embedProj = null;
        }
    }

    /**
     * @param features [N, C, S, S] (projected features of one level)
     * @param labels   one-hot [N, K], required when the head is conditional
     * @return logits [N, P], one per output position
     */
    Var forward(Var features, Tensor labels) {
        Var x = features;
        for (int i = 0; i < downConvs.size(); i++) {
            x = Fn.leakyRelu(downNorms.get(i).forward(downConvs.get(i).forward(x)), SLOPE);
        }
        x = out.forward(x);
        int n = x.shape()[0];
        if (cmapDim == 0) {
            return Fn.reshape(x, n, -1);
        }
        if (labels == null) {
            throw new IllegalArgumentException("DiscriminatorHead: a class-conditional head needs labels");
        }
        Var cmap = Fn.leakyRelu(embedProj.forward(embed.forward(Var.constant(labels))), SLOPE);
        Var projected = Fn.sum(Fn.mul(x, Fn.reshape(cmap, n, cmapDim, 1, 1)), 1);
        return Fn.mul(Fn.reshape(projected, n, -1), (float) (1 / Math.sqrt(cmapDim)));
    }
}
