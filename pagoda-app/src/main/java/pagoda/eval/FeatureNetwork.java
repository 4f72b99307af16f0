package pagoda.eval;

import pagoda.tensor.Tensor;

/**
 * A fixed network that maps images to feature vectors for the distribution metrics. Numbers computed
 * with different networks, or different versions of one, are not comparable; {@link #name} says which.
 */
public interface FeatureNetwork {
    /** The network and its version, e.g. {@code features-v1}; reported with every metric. */
    String name();

    /** Length of a feature vector. */
    int dim();

    /** Smallest image side the network accepts. */
    int minSize();

    /**
     * Features of images [N, C, H, W] in [-1, 1] with C = 1 (grey, used as RGB) or 3, on the network's
     * backend: [N, dim].
     */
    Tensor forward(Tensor images);
}
