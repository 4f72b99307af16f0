package pagoda.decoder;

import pagoda.autograd.Fn;
import pagoda.autograd.Var;
import pagoda.autograd.augment.DiffAugment;
import pagoda.tensor.Tensor;

/**
 * The ablation of the perceptual distance: the squared error per pixel, {@code mean_{c,h,w} (x - x')^2},
 * after the same DiffAugment transform of both images.
 */
public final class PixelDistance implements ReconstructionLoss {
    @Override
    public String name() {
        return "pixel";
    }

    @Override
    public Var perSample(Var fake, Tensor real, Tensor labels, DiffAugment.Params augment) {
        Var target = Var.constant(real);
        if (augment != null) {
            fake = DiffAugment.apply(fake, augment);
            target = DiffAugment.apply(target, augment);
        }
        return Fn.mean(Fn.square(Fn.sub(fake, target)), 1, 2, 3);
    }
}
