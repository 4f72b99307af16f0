package pagoda.inverse;

import java.util.Arrays;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.decoder.OneStepGenerator;
import pagoda.ode.Encoder;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * PaGoDA's super-resolution (pagoda-spec.md, "Where this project departs", 4): an image at the teacher's
 * resolution r is encoded by the teacher's probability-flow ODE (the encoder of {@code ./pagoda encode}) and the
 * latent decoded by the one-step generator at its resolution R, clamp(G(z(x), y)): a grown generator adds the
 * detail the teacher never saw.
 */
public record SuperResolution(OneStepGenerator generator, Encoder encoder) {

    /**
     * @param low    images [N, C, r, r] in [-1, 1] at the teacher's resolution
     * @param labels one-hot [N, K] (the images' classes) for class-conditional models, else null
     * @return [N, C, R, R] in [-1, 1]
     */
    public Tensor run(Tensor low, Tensor labels) {
        int r = generator.latentResolution();
        if (low.rank() != 4 || low.size(1) != generator.channels() || low.size(2) != r || low.size(3) != r) {
            throw new IllegalArgumentException("super-resolution: the encoder takes images [N, " + generator.channels() + ", " + r
                    + ", " + r + "], got " + Arrays.toString(low.shape()));
        }
        Tensor z = encoder.encode(low, labels);
        try (NoGrad ng = NoGrad.enter()) {
            return Ops.clamp(generator.forward(Var.constant(z), labels, 0).value(), -1f, 1f);
        }
    }
}
