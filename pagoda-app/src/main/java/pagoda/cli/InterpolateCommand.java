package pagoda.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.control.Slerp;
import pagoda.decoder.Generator;
import pagoda.decoder.OneStepGenerator;
import pagoda.image.PngGrid;
import pagoda.ode.SampleNoise;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;

/** {@code pagoda interpolate}: rows of one-step samples along the slerp between two latents. */
@Command(name = "interpolate", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Latent interpolation: row i decodes slerp(z_a, z_b; t) for --steps values of t from 0 to 1,",
                "z_a and z_b the latents 80 eps of the noise streams (seed, 2i) and (seed, 2i + 1): the",
                "first and last column are the samples ./pagoda sample draws as samples 2i and 2i + 1."})
final class InterpolateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GeneratorOption generator;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the latents (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rows", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Pairs of latents, one row each (default: ${DEFAULT-VALUE}).")
    int rows = 4;

    @Option(names = "--steps", paramLabel = "K", converter = Converters.PositiveInt.class,
            description = "Images per row, t = 0, 1/(K-1), .., 1; at least 2 (default: ${DEFAULT-VALUE}).")
    int steps = 8;

    @Option(names = "--class", paramLabel = "C", converter = Converters.NonNegativeInt.class,
            description = "Class of every image (class-conditional generators; default: row i has class i mod K).")
    Integer classLabel;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The PNG grid to write.")
    Path out;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        if (steps < 2) {
            throw new ParameterException(spec.commandLine(), "--steps " + steps + ": an interpolation needs at least 2 images");
        }
        int t = threads.count();
        try (CpuBackend backend = new CpuBackend(t)) {
            OneStepGenerator g = generator.load(spec, backend);
            if (classLabel != null) {
                Models.checkClass(spec, "--class", classLabel, g);
            }
            int c = g.channels();
            int r = g.latentResolution();
            Tensor[] grid = new Tensor[rows];
            for (int i = 0; i < rows; i++) {
                Tensor za = Ops.mul(SampleNoise.latents(backend, seed, 2L * i, 1, c, r, r), (float) Generator.SIGMA);
                Tensor zb = Ops.mul(SampleNoise.latents(backend, seed, 2L * i + 1, 1, c, r, r), (float) Generator.SIGMA);
                Tensor[] zs = new Tensor[steps];
                for (int k = 0; k < steps; k++) {
                    zs[k] = Slerp.of(za, zb, (double) k / (steps - 1));
                }
                Tensor labels = g.classes() == 0 ? null
                        : Labels.oneHot(backend, g.classes(), classLabel != null ? classLabel : i % g.classes(), steps);
                try (NoGrad ng = NoGrad.enter()) {
                    grid[i] = Ops.clamp(g.forward(Var.constant(Ops.cat(0, zs)), labels, 0).value(), -1f, 1f);
                }
            }
            PngGrid.write(out, Ops.cat(0, grid), steps, 1);
            spec.commandLine().getOut().println(new Json().put("out", out.toString()).put("rows", rows).put("steps", steps)
                    .put("seed", seed).put("resolution", g.resolution()).toString());
        }
        return 0;
    }
}
