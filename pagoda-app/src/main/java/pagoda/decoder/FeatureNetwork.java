package pagoda.decoder;

import java.util.List;
import pagoda.autograd.Var;
import pagoda.tensor.Tensor;

/**
 * A frozen network that maps images to a list of feature maps, for the perceptual distance and the
 * projected discriminator. Gradients flow through it to the images, never to its weights. The default is
 * {@link TeacherFeatures}; any module that returns feature maps can be plugged in (a network with
 * pretrained weights, say).
 */
public interface FeatureNetwork {
    /** The channels of each feature map, in the order {@link #features} returns them. */
    int[] channels();

    /** The spatial side of each feature map for images of the network's resolution. */
    int[] resolutions();

    /**
     * Feature maps of images x.
     *
     * @param x      images [N, C, R, R] in about [-1, 1]
     * @param labels one-hot class labels [N, K] for class-conditional networks, or null
     * @return one [N, C_l, R_l, R_l] per level
     */
    List<Var> features(Var x, Tensor labels);
}
