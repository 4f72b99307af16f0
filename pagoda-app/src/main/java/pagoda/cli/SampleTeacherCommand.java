package pagoda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import pagoda.image.PngGrid;
import pagoda.ode.Solver;
import pagoda.teacher.Teacher;
import pagoda.teacher.TeacherSamples;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.io.SafeTensorsWriter;
import pagoda.train.Progress;

/** {@code pagoda sample-teacher}: a PNG grid of teacher samples, and optionally the samples as safetensors. */
@Command(name = "sample-teacher", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Samples the teacher with EDM's sampler (Karras grid; Heun, Euler or",
                "DPM-Solver++(2M)) and writes a PNG grid; --samples also writes the images",
                "[N, C, H, W] in [-1, 1] as safetensors (tensor 'images', as ./pagoda eval",
                "reads them)."})
final class SampleTeacherCommand implements Callable<Integer> {
    /** EDM's 18 levels: 35 evaluations with Heun, the teacher figure the decoder is measured against. */
    static final int DEFAULT_STEPS = 18;

    @Spec
    CommandSpec spec;

    @Mixin
    TeacherOption teacher;

    @Option(names = "--steps", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Levels of the Karras grid, N steps down to 0 (default: ${DEFAULT-VALUE}: 35 evaluations with heun).")
    int steps = DEFAULT_STEPS;

    @Option(names = "--solver", paramLabel = "S", converter = SolverConverter.class,
            description = "heun, euler or dpmpp (default: heun).")
    Solver solver = Solver.HEUN;

    @Option(names = "--n", paramLabel = "N", converter = Converters.PositiveInt.class, description = "Samples (default: ${DEFAULT-VALUE}).")
    int n = 64;

    @Option(names = "--class", paramLabel = "C", converter = Converters.NonNegativeInt.class,
            description = "Class of every sample (class-conditional teachers; default: sample i has class i mod K).")
    Integer classLabel;

    @Option(names = "--cfg", paramLabel = "W", description = "Classifier-free guidance weight (1: the conditional model; default: none).")
    Double cfg;

    @Option(names = "--seed", paramLabel = "S", description = "Seed; sample i uses the noise stream (S, i) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class,
            description = "Samples per batch; the samples do not depend on it (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The PNG grid to write.")
    Path out;

    @Option(names = "--samples", paramLabel = "FILE", description = "Also writes the samples as safetensors (tensor 'images', F32).")
    Path samples;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "Threads of the CPU backend (default: all processors).")
    Integer threads;

    static final class SolverConverter implements ITypeConverter<Solver> {
        @Override
        public Solver convert(String value) {
            try {
                return Solver.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        if (steps < 2) {
            throw bad("--steps " + steps + ": the grid needs at least 2 levels");
        }
        if (cfg != null && !Double.isFinite(cfg)) {
            throw bad("--cfg " + cfg + ": expected a finite number");
        }
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        int t = threads != null ? threads : Backends.defaultThreads();
        try (CpuBackend backend = new CpuBackend(t)) {
            Teacher net = teacher.load(spec, backend);
            int classes = net.config().labelDim();
            if (classLabel != null && (classes == 0 || classLabel >= classes)) {
                throw bad("--class " + classLabel + ": " + (classes == 0 ? "the teacher is unconditional"
                        : "the teacher has classes 0 .. " + (classes - 1)));
            }
            if (cfg != null && classes == 0) {
                throw bad("--cfg: the teacher is unconditional; guidance needs a class-conditional teacher");
            }
            if (cfg != null && net.config().labelDropout() == 0) {
                err.println(name + ": warning: the teacher was trained without label dropout, so its unconditional output "
                        + "(the zero label) was never trained; --cfg mixes in an untrained prediction");
            }
            TeacherSamples plan = new TeacherSamples(solver, steps, classLabel != null ? classLabel : -1,
                    cfg != null ? cfg : Double.NaN, seed);
            Progress progress = new Progress(err, Progress.stderrIsTerminal(), n);
            long t0 = System.nanoTime();
            Tensor images = plan.generate(net, backend, n, batch, done -> progress.images(name, done,
                    done / Math.max((System.nanoTime() - t0) * 1e-9, 1e-9), done == n));
            double seconds = (System.nanoTime() - t0) * 1e-9;
            PngGrid.write(out, images, PngGrid.squareColumns(n), 1);
            if (samples != null) {
                new SafeTensorsWriter()
                        .metadata("format", "pagoda.samples/1")
                        .metadata("teacher", pagoda.tensor.io.Json.write(net.describe()))
                        .metadata("solver", solver.cliName())
                        .metadata("steps", Integer.toString(steps))
                        .metadata("seed", Long.toString(seed))
                        .metadata("class", classLabel != null ? classLabel.toString() : "")
                        .metadata("cfg", cfg != null ? cfg.toString() : "")
                        .put("images", images)
                        .write(samples);
            }
            Json line = new Json().put("out", out.toString());
            if (samples != null) {
                line.put("samples", samples.toString());
            }
            spec.commandLine().getOut().println(line
                    .put("n", n)
                    .put("solver", solver.cliName())
                    .put("steps", steps)
                    .put("evaluations_per_sample", plan.evaluations())
                    .put("seconds", seconds)
                    .put("images_per_s", n / seconds)
                    .put("threads", t)
                    .toString());
        }
        return 0;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
