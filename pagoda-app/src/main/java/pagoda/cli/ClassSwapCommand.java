package pagoda.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pagoda.decoder.Generator;
import pagoda.decoder.OneStepGenerator;
import pagoda.image.PngGrid;
import pagoda.ode.SampleNoise;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;

/** {@code pagoda class-swap}: each latent decoded with every class, a row per latent. */
@Command(name = "class-swap", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Class swap with a fixed latent: row i decodes the latent 80 eps of noise stream (seed, i)",
                "with each class of --classes in turn. Needs a class-conditional generator."})
final class ClassSwapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GeneratorOption generator;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the latents (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--n", paramLabel = "N", converter = Converters.PositiveInt.class, description = "Latents, one row each (default: ${DEFAULT-VALUE}).")
    int n = 4;

    @Option(names = "--classes", paramLabel = "C,..", split = ",", converter = Converters.NonNegativeInt.class,
            description = "The classes, one column each (default: all).")
    List<Integer> classes;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The PNG grid to write.")
    Path out;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        int t = threads.count();
        try (CpuBackend backend = new CpuBackend(t)) {
            OneStepGenerator g = generator.load(spec, backend);
            Models.needClasses(spec, generator.generator, g, "class swap");
            int[] columns = ClassList.of(spec, "--classes", classes, g);
            int c = g.channels();
            int r = g.latentResolution();
            Tensor[] rows = new Tensor[n];
            for (int i = 0; i < n; i++) {
                Tensor z = Ops.mul(SampleNoise.latents(backend, seed, i, 1, c, r, r), (float) Generator.SIGMA);
                rows[i] = ClassList.decode(g, z, columns, backend);
            }
            PngGrid.write(out, Ops.cat(0, rows), columns.length, 1);
            spec.commandLine().getOut().println(new Json().put("out", out.toString()).put("rows", n).put("classes", columns.length)
                    .put("seed", seed).put("resolution", g.resolution()).toString());
        }
        return 0;
    }
}
