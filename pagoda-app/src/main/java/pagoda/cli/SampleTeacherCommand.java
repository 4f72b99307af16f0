package pagoda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import pagoda.ode.Solver;
import pagoda.teacher.Teacher;
import pagoda.teacher.TeacherSamples;
import pagoda.tensor.cpu.CpuBackend;

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

    @Mixin
    SampleOutput output;

    @Option(names = "--steps", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Levels of the Karras grid, N steps down to 0 (default: ${DEFAULT-VALUE}: 35 evaluations with heun).")
    int steps = DEFAULT_STEPS;

    @Option(names = "--solver", paramLabel = "S", converter = SolverConverter.class,
            description = "heun, euler or dpmpp (default: heun).")
    Solver solver = Solver.HEUN;

    @Option(names = "--class", paramLabel = "C", converter = Converters.NonNegativeInt.class,
            description = "Class of every sample (class-conditional teachers; default: sample i has class i mod K).")
    Integer classLabel;

    @Option(names = "--cfg", paramLabel = "W", description = "Classifier-free guidance weight (1: the conditional model; default: none).")
    Double cfg;

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
        int t = output.threads();
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
                    cfg != null ? cfg : Double.NaN, output.seed);
            SampleOutput.Timed run = output.run(spec, done -> plan.generate(net, backend, output.n, output.batch, done));
            output.write(run.images(), "teacher", pagoda.tensor.io.Json.write(net.describe()), "solver", solver.cliName(),
                    "steps", Integer.toString(steps), "class", classLabel != null ? classLabel.toString() : "",
                    "cfg", cfg != null ? cfg.toString() : "");
            spec.commandLine().getOut().println(output.summary(run, t, line -> line.put("solver", solver.cliName())
                    .put("steps", steps).put("evaluations_per_sample", plan.evaluations())));
        }
        return 0;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
