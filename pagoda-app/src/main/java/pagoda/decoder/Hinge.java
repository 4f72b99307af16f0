package pagoda.decoder;

import pagoda.autograd.Fn;
import pagoda.autograd.Var;

/**
 * The hinge GAN losses (Lim and Ye 2017; Miyato et al. 2018, Eq. 16 and 17), each a mean over every logit
 * of the batch (over samples and discriminator heads alike):
 * <pre>
 *   L_D = mean relu(1 - D(real)) + mean relu(1 + D(fake))
 *   L_G = -mean D(fake)
 * </pre>
 */
public final class Hinge {
    private Hinge() {
    }

    public static Var discriminatorLoss(Var realLogits, Var fakeLogits) {
        Var real = Fn.mean(Fn.relu(Fn.affine(realLogits, -1f, 1f)));
        Var fake = Fn.mean(Fn.relu(Fn.add(fakeLogits, 1f)));
        return Fn.add(real, fake);
    }

    public static Var generatorLoss(Var fakeLogits) {
        return Fn.neg(Fn.mean(fakeLogits));
    }
}
