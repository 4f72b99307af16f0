package pagoda.unet.conformance;

import java.io.IOException;
import java.nio.file.Path;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensorsWriter;

/** denoise.safetensors: D = D(x; sigma, class_labels). */
final class DenoiseCase implements ConformanceCase {
    @Override
    public String fileName() {
        return "denoise.safetensors";
    }

    @Override
    public void run(ConformanceContext ctx, Path outDir) throws IOException {
        Tensor d;
        try (InputFile in = InputFile.open(ctx.fixture(), fileName(), DenoiseInputs.NAMES);
             NoGrad g = NoGrad.enter()) {
            DenoiseInputs inputs = DenoiseInputs.read(in, ctx);
            d = ctx.teacher().forward(Var.constant(inputs.x()), inputs.sigma(), inputs.classLabels()).value();
        }
        new SafeTensorsWriter().put("D", d).write(outDir.resolve(fileName()));
    }
}
