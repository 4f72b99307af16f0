package pagoda.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.decoder.OneStepGenerator;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/** A list of target classes, and one latent decoded with each. */
final class ClassList {
    private ClassList() {
    }

    /** The classes given, each checked against G's; all of G's when none is given. */
    static int[] of(CommandSpec spec, String option, List<Integer> given, OneStepGenerator g) {
        if (given == null || given.isEmpty()) {
            int[] all = new int[g.classes()];
            for (int k = 0; k < all.length; k++) {
                all[k] = k;
            }
            return all;
        }
        int[] out = new int[given.size()];
        for (int k = 0; k < out.length; k++) {
            Models.checkClass(spec, option, given.get(k), g);
            out[k] = given.get(k);
        }
        return out;
    }

    /** clamp(G(z, y_k)) for each class k of {@code classes}: [K, C, R, R] from one latent z [1, C, r, r]. */
    static Tensor decode(OneStepGenerator g, Tensor z, int[] classes, Backend backend) {
        Tensor[] zs = new Tensor[classes.length];
        float[] oneHot = new float[classes.length * g.classes()];
        for (int k = 0; k < classes.length; k++) {
            zs[k] = z;
            oneHot[k * g.classes() + classes[k]] = 1;
        }
        try (NoGrad ng = NoGrad.enter()) {
            return Ops.clamp(g.forward(Var.constant(Ops.cat(0, zs)), Tensor.of(backend, oneHot, classes.length, g.classes()), 0).value(),
                    -1f, 1f);
        }
    }
}
