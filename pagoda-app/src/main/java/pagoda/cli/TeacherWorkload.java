package pagoda.cli;

import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.autograd.optim.Adam;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.unet.EDMPrecond;
import pagoda.unet.EdmTrainingStep;
import pagoda.unet.UNetConfig;

/**
 * The teacher's two workloads at one batch size: the denoiser forward D(x; sigma, labels) without gradients
 * (evaluation mode), and a full EDM training step (loss, backward, Adam) in training mode, both allocating
 * as they go as the PyTorch twin does. Weights are EDM's initialisation; inputs are random.
 */
final class TeacherWorkload {
    private final EDMPrecond net;
    private final EdmTrainingStep trainer;
    private final Tensor x;
    private final Tensor sigma;
    private final Tensor labels;
    private final Tensor images;

    TeacherWorkload(CpuBackend backend, UNetConfig config, int batch) {
        this.net = new EDMPrecond(config, backend, 1);
        this.trainer = new EdmTrainingStep(net, new Adam(net.namedParameters(), 1e-4), 2);
        int c = config.imgChannels();
        int r = config.imgResolution();
        this.x = Ops.normal(backend, 3, 0, 0f, 1f, batch, c, r, r);
        this.sigma = Ops.exp(Ops.normal(backend, 4, 0, -1.2f, 1.2f, batch));
        this.images = Ops.uniform(backend, 5, 0, -1f, 1f, batch, c, r, r);
        if (config.labelDim() > 0) {
            float[] oneHot = new float[batch * config.labelDim()];
            for (int i = 0; i < batch; i++) {
                oneHot[i * config.labelDim() + i % config.labelDim()] = 1;
            }
            this.labels = Tensor.of(backend, oneHot, batch, config.labelDim());
        } else {
            this.labels = null;
        }
    }

    long parameters() {
        return net.parameterCount();
    }

    void forward() {
        net.eval();
        try (NoGrad g = NoGrad.enter()) {
            net.forward(Var.constant(x), sigma, labels);
        }
    }

    void trainStep() {
        trainer.run(images, labels);
    }
}
