package pagoda.teacher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import pagoda.ode.SamplerFixture;
import pagoda.unet.conformance.ConformanceCase;
import pagoda.unet.conformance.ConformanceContext;

/**
 * sampler.safetensors of {@code pagoda conformance edm}: the teacher through EDM's Heun and Euler samplers
 * and through the encoder, unclamped and clamped ({@link SamplerFixture}); reads only the case's inputs
 * (latents, data, class_labels, t_steps and the grid metadata) and writes heun, euler, encoded and
 * encoded_clamped.
 */
public final class SamplerCase implements ConformanceCase {
    @Override
    public String fileName() {
        return "sampler.safetensors";
    }

    @Override
    public void run(ConformanceContext ctx, Path outDir) throws IOException {
        Path in = ctx.fixture().resolve(fileName());
        if (!Files.isRegularFile(in)) {
            throw new NoSuchFileException(in.toString(), null, "fixture file missing");
        }
        SamplerFixture.write(SamplerFixture.run(new TeacherDenoiser(ctx.teacher()), in, ctx.backend()),
                outDir.resolve(fileName()));
    }
}
