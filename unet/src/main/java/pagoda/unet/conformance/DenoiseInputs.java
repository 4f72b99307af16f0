package pagoda.unet.conformance;

import pagoda.tensor.Tensor;

/** The inputs of denoise.safetensors, which grads.safetensors shares: x, sigma and (with labels) class_labels. */
record DenoiseInputs(Tensor x, Tensor sigma, Tensor classLabels) {
    static final String[] NAMES = {"x", "sigma", "class_labels"};

    static DenoiseInputs read(InputFile in, ConformanceContext ctx) {
        Tensor labels = ctx.teacher().config().labelDim() > 0 ? in.read("class_labels", ctx.backend()) : null;
        return new DenoiseInputs(in.read("x", ctx.backend()), in.read("sigma", ctx.backend()), labels);
    }
}
