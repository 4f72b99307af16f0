package pagoda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.decoder.OneStepGenerator;
import pagoda.decoder.OneStepSamples;
import pagoda.image.PngGrid;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.io.SafeTensorsWriter;
import pagoda.train.Progress;

/** {@code pagoda sample}: one-step samples of a generator as a PNG grid, and optionally as safetensors. */
@Command(name = "sample", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"One-step samples of a generator (a train-decoder run).",
                "Sample i is G(80 eps_i) with eps_i from the noise stream (seed, i): the latents sample-teacher",
                "starts from with the same seed. Writes a PNG grid; --samples also writes the images",
                "[N, C, H, W] in [-1, 1] as safetensors (tensor 'images', as ./pagoda eval reads them)."})
final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GeneratorOption generator;

    @Option(names = "--n", paramLabel = "N", converter = Converters.PositiveInt.class, description = "Samples (default: ${DEFAULT-VALUE}).")
    int n = 64;

    @Option(names = "--class", paramLabel = "C", converter = Converters.NonNegativeInt.class,
            description = "Class of every sample (class-conditional generators; default: sample i has class i mod K).")
    Integer classLabel;

    @Option(names = "--guidance", paramLabel = "W",
            description = "Guidance scale w of a guided generator (train-decoder --guidance-bank; default: 1, plain PaGoDA).")
    double guidance = 1;

    @Option(names = "--seed", paramLabel = "S", description = "Seed; sample i uses the noise stream (S, i) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class,
            description = "Samples per forward pass; the samples do not depend on it (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The PNG grid to write.")
    Path out;

    @Option(names = "--samples", paramLabel = "FILE", description = "Also writes the samples as safetensors (tensor 'images', F32).")
    Path samples;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "Threads of the CPU backend (default: all processors).")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        int t = threads != null ? threads : Backends.defaultThreads();
        try (CpuBackend backend = new CpuBackend(t)) {
            OneStepGenerator g = generator.load(spec, backend);
            int classes = g.classes();
            if (classLabel != null && (classes == 0 || classLabel >= classes)) {
                throw new ParameterException(spec.commandLine(), "--class " + classLabel + ": " + (classes == 0
                        ? "the generator is unconditional" : "the generator has classes 0 .. " + (classes - 1)));
            }
            if (!Double.isFinite(guidance)) {
                throw new ParameterException(spec.commandLine(), "--guidance " + guidance + ": expected a finite number");
            }
            if (guidance != 1 && !g.guided()) {
                throw new ParameterException(spec.commandLine(), "--guidance " + guidance + ": the generator " + generator.folder()
                        + " was trained without guidance (train-decoder --guidance-bank trains one that takes w)");
            }
            Progress progress = new Progress(err, Progress.stderrIsTerminal(), n);
            long t0 = System.nanoTime();
            Tensor images = new OneStepSamples(seed, classLabel != null ? classLabel : -1).generate(g, backend, n, batch, guidance,
                    done -> progress.images(name, done, done / Math.max((System.nanoTime() - t0) * 1e-9, 1e-9), done == n));
            double seconds = (System.nanoTime() - t0) * 1e-9;
            PngGrid.write(out, images, PngGrid.squareColumns(n), 1);
            if (samples != null) {
                new SafeTensorsWriter()
                        .metadata("format", "pagoda.samples/1")
                        .metadata("generator", generator.folder().toAbsolutePath().toString())
                        .metadata("sampler", "one-step")
                        .metadata("seed", Long.toString(seed))
                        .metadata("class", classLabel != null ? classLabel.toString() : "")
                        .metadata("guidance", Double.toString(guidance))
                        .put("images", images)
                        .write(samples);
            }
            Json line = new Json().put("out", out.toString());
            if (samples != null) {
                line.put("samples", samples.toString());
            }
            spec.commandLine().getOut().println(line
                    .put("n", n)
                    .put("batch", batch)
                    .put("evaluations_per_sample", 1)
                    .put("seconds", seconds)
                    .put("images_per_s", n / seconds)
                    .put("threads", t)
                    .toString());
        }
        return 0;
    }
}
