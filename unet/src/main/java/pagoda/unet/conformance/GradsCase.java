package pagoda.unet.conformance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensorsWriter;

/**
 * grads.safetensors: the gradient of sum(D(x; sigma, labels) * cotangent) with respect to x and every
 * parameter; x, sigma and class_labels are denoise.safetensors' inputs.
 */
final class GradsCase implements ConformanceCase {
    @Override
    public String fileName() {
        return "grads.safetensors";
    }

    @Override
    public void run(ConformanceContext ctx, Path outDir) throws IOException {
        DenoiseInputs inputs;
        Tensor cotangent;
        try (InputFile denoise = InputFile.open(ctx.fixture(), "denoise.safetensors", DenoiseInputs.NAMES);
             InputFile grads = InputFile.open(ctx.fixture(), fileName(), "cotangent")) {
            inputs = DenoiseInputs.read(denoise, ctx);
            cotangent = grads.read("cotangent", ctx.backend());
        }
        ctx.teacher().zeroGrad();
        Var x = Var.parameter(inputs.x());
        ctx.teacher().forward(x, inputs.sigma(), inputs.classLabels()).backward(cotangent);
        SafeTensorsWriter w = new SafeTensorsWriter().put("grad.x", x.grad());
        putParameterGrads(w, ctx.teacher().namedParameters());
        w.write(outDir.resolve(fileName()));
        ctx.teacher().zeroGrad();
    }

    /** grad.NAME for every parameter; a parameter the output does not depend on gets zeros. */
    static void putParameterGrads(SafeTensorsWriter w, Map<String, Parameter> params) {
        params.forEach((name, p) -> w.put("grad." + name,
                p.grad() != null ? p.grad() : Tensor.zeros(p.value().backend(), p.shape())));
    }
}
