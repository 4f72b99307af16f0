package pagoda.decoder;

import pagoda.autograd.Var;
import pagoda.autograd.augment.DiffAugment;
import pagoda.tensor.Tensor;

/** A distance between generated images and their targets, per sample, differentiable in the generated ones. */
public interface ReconstructionLoss {
    /**
     * d(aug(fake), aug(real)) per sample.
     *
     * @param fake    generated images [N, C, R, R]
     * @param real    target images [N, C, R, R] (a constant)
     * @param labels  one-hot labels [N, K] for class-conditional feature networks, or null
     * @param augment DiffAugment parameters applied alike to both sides, or null for none
     * @return [N]
     */
    Var perSample(Var fake, Tensor real, Tensor labels, DiffAugment.Params augment);

    /** A short name for logs and run files ({@code perceptual}, {@code pixel}). */
    String name();
}
