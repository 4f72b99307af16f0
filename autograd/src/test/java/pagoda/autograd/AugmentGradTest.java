package pagoda.autograd;

import static pagoda.autograd.GradCheck.check;
import static pagoda.autograd.GradCheck.sym;

import org.junit.jupiter.api.Test;
import pagoda.autograd.augment.DiffAugment;

/**
 * Finite-difference checks of DiffAugment's ops: translation and cutout (linear, so their rules are
 * exact adjoints), and the whole augmentation with every op on, whose colour ops are built from
 * differentiable element-wise ops and means.
 */
class AugmentGradTest {
    @Test
    void translate() {
        check("translate mixed shifts", v -> Fn.translate(v[0], new int[] {1, -2, 0}, new int[] {-1, 0, 3}), sym(1, 3, 2, 4, 5));
        check("translate out of the image", v -> Fn.translate(v[0], new int[] {4, 0}, new int[] {0, -7}), sym(2, 2, 1, 4, 3));
    }

    @Test
    void cutout() {
        check("cutout inside and clipped", v -> Fn.cutout(v[0], new int[] {1, -1, 3}, new int[] {0, 2, 3}, 2, 2),
                sym(3, 3, 2, 4, 4));
        check("cutout empty rectangle", v -> Fn.cutout(v[0], new int[] {0}, new int[] {0}, 0, 3), sym(4, 1, 2, 3, 3));
    }

    @Test
    void diffAugment() {
        DiffAugment aug = DiffAugment.pagoda();
        DiffAugment.Params p = aug.sample(3, 8, 8, 42, 0);
        check("DiffAugment color, translation, cutout", v -> DiffAugment.apply(v[0], p), sym(5, 3, 3, 8, 8));
    }
}
