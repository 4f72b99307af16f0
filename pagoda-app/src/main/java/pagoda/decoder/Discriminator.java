package pagoda.decoder;

import java.util.ArrayList;
import java.util.List;
import pagoda.autograd.Fn;
import pagoda.autograd.Module;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;
import pagoda.unet.WeightInit;

/**
 * PaGoDA's projected, multi-scale discriminator (Sauer et al. 2021, Projected GANs): the images' feature maps
 * from a frozen {@link FeatureNetwork}, mixed by frozen {@link RandomProjections}, each level judged by its
 * own trainable {@link DiscriminatorHead}; the logits of all heads side by side. Only the heads are
 * parameters of this module (state names {@code head0.down0_conv.weight_orig}, ...); the feature network and
 * the projections stay frozen. The module stays in training mode, as in the reference: batch norm uses the
 * statistics of the batch it is given, and spectral norm runs a power iteration per call.
 */
public final class Discriminator extends Module {
    /** The heads' width and the conditional projection's width. */
    public static final int DEFAULT_WIDTH = 64;

    private final FeatureNetwork features;
    private final RandomProjections projections;
    private final List<DiscriminatorHead> heads = new ArrayList<>();
    private final int classes;

    /**
     * @param classes number of classes (0: unconditional)
     * @param seed    seeds the heads' initialisation and, apart, the projections
     */
    public Discriminator(FeatureNetwork features, Backend backend, int classes, int width, long seed) {
        if (width < 1) {
            throw new IllegalArgumentException("Discriminator: width " + width + " must be >= 1");
        }
        this.features = features;
        this.classes = classes;
        int[] channels = features.channels();
        int[] sizes = features.resolutions();
        this.projections = new RandomProjections(backend, channels, ~seed);
        WeightInit init = new WeightInit(backend, seed);
        for (int l = 0; l < channels.length; l++) {
            heads.add(registerModule("head" + l, new DiscriminatorHead(init, channels[l], sizes[l], width, classes, width)));
        }
    }

    public int classes() {
        return classes;
    }

    /**
     * D(x, y): the logits of every head, concatenated.
     *
     * @param x      images [N, C, R, R], already augmented
     * @param labels one-hot [N, K] for a class-conditional discriminator, else ignored
     * @return [N, M]
     */
    public Var forward(Var x, Tensor labels) {
        Tensor y = classes > 0 ? labels : null;
        List<Var> maps = projections.apply(features.features(x, y));
        Var[] logits = new Var[heads.size()];
        for (int l = 0; l < logits.length; l++) {
            logits[l] = heads.get(l).forward(maps.get(l), y);
        }
        return logits.length == 1 ? logits[0] : Fn.cat(1, logits);
    }
}
