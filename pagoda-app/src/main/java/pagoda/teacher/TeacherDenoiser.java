package pagoda.teacher;

import java.util.Objects;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.ode.Denoiser;
import pagoda.tensor.Tensor;
import pagoda.unet.EDMPrecond;

/**
 * The frozen teacher as the solvers' {@link Denoiser}: EDM's preconditioned network in evaluation mode (a
 * network being trained is switched for the call and back, so its dropout stays out of the samples), without
 * recording gradients. Sigma reaches the network at the backend's precision (float32 on the CPU, as EDM casts
 * it), x likewise.
 */
public final class TeacherDenoiser implements Denoiser {
    private final EDMPrecond teacher;

    public TeacherDenoiser(EDMPrecond teacher) {
        this.teacher = Objects.requireNonNull(teacher, "teacher");
    }

    @Override
    public Tensor denoise(Tensor x, double[] sigma, Tensor labels) {
        boolean wasTraining = teacher.isTraining();
        teacher.eval();
        try (NoGrad g = NoGrad.enter()) {
            return teacher.forward(Var.constant(x), Tensor.ofDoubles(x.backend(), sigma, sigma.length), labels).value();
        } finally {
            teacher.train(wasTraining);
        }
    }
}
