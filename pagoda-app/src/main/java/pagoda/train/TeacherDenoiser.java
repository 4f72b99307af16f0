package pagoda.train;

import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.ode.Denoiser;
import pagoda.tensor.Tensor;
import pagoda.unet.EDMPrecond;

/** A teacher network as the ODE solvers see it: D(x; sigma, labels) in evaluation mode, recording no graph. */
public final class TeacherDenoiser implements Denoiser {
    private final EDMPrecond net;

    public TeacherDenoiser(EDMPrecond net) {
        this.net = net;
    }

    @Override
    public Tensor denoise(Tensor x, double[] sigma, Tensor labels) {
        boolean wasTraining = net.isTraining();
        net.eval();
        try (NoGrad g = NoGrad.enter()) {
            return net.forward(Var.constant(x), Tensor.ofDoubles(x.backend(), sigma, sigma.length), labels).value();
        } finally {
            net.train(wasTraining);
        }
    }
}
