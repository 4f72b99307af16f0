package pagoda.unet.conformance;

import java.io.IOException;
import java.nio.file.Path;
import pagoda.autograd.Var;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensorsWriter;
import pagoda.unet.EdmLoss;

/** edmloss.safetensors: EDM's loss with the stored draws (rnd_normal, noise), and its parameter gradients. */
final class EdmLossCase implements ConformanceCase {
    @Override
    public String fileName() {
        return "edmloss.safetensors";
    }

    @Override
    public void run(ConformanceContext ctx, Path outDir) throws IOException {
        Tensor images;
        Tensor labels;
        Tensor rndNormal;
        Tensor noise;
        try (InputFile in = InputFile.open(ctx.fixture(), fileName(), "images", "class_labels", "rnd_normal", "noise")) {
            images = in.read("images", ctx.backend());
            labels = ctx.teacher().config().labelDim() > 0 ? in.read("class_labels", ctx.backend()) : null;
            rndNormal = in.read("rnd_normal", ctx.backend());
            noise = in.read("noise", ctx.backend());
        }
        ctx.teacher().zeroGrad();
        Var loss = EdmLoss.loss(ctx.teacher(), images, labels, rndNormal, noise, 0);
        loss.backward();
        SafeTensorsWriter w = new SafeTensorsWriter().put("loss", loss.value().reshape(1));
        GradsCase.putParameterGrads(w, ctx.teacher().namedParameters());
        w.write(outDir.resolve(fileName()));
        ctx.teacher().zeroGrad();
    }
}
