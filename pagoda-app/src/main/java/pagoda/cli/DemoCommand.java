package pagoda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.decoder.GeneratorFiles;
import pagoda.demo.Demo;
import pagoda.demo.DemoReport;
import pagoda.teacher.BundledModels;
import pagoda.teacher.Teacher;
import pagoda.tensor.Backends;
import pagoda.tensor.cpu.CpuBackend;

/**
 * {@code pagoda demo}, the main job: PaGoDA with the bundled models, written as a report folder
 * ({@link Demo}). A bundled generator that is missing is named in the report and on stderr, never skipped
 * silently.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"The main job: PaGoDA with the bundled models.",
                "Samples the teacher (multi-step, at its resolution) and the one-step generators from the same noise,",
                "times them, and writes the grids and report.md into --out; prints the report's path."})
final class DemoCommand implements Callable<Integer> {
    /** The bundled one-step generators the demo shows, in the order of their resolution. */
    static final List<String> GENERATORS = List.of("generator-emoji16", "generator-emoji128");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "The report folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("pagoda-demo");

    @Option(names = "--teacher", paramLabel = "T", description = "The teacher (default: ${DEFAULT-VALUE}).")
    String teacher = Teacher.DEFAULT;

    @Option(names = "--n", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Samples per sampler (default: ${DEFAULT-VALUE}).")
    int n = 16;

    @Option(names = "--seed", paramLabel = "S", description = "Noise seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--reps", paramLabel = "R", converter = Converters.PositiveInt.class,
            description = "Timed runs per sampler after one warm-up run (default: ${DEFAULT-VALUE}).")
    int reps = 3;

    @Option(names = "--teacher-steps", paramLabel = "L", converter = Converters.PositiveInt.class,
            description = "Levels of the teacher's Heun sampler, 2L - 1 evaluations (default: ${DEFAULT-VALUE}, 35 evaluations).")
    int teacherSteps = 18;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "Threads of the CPU backend (default: all processors).")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        int t = threads != null ? threads : Backends.defaultThreads();
        DemoReport report = new DemoReport("pagoda-j demo");
        report.text("PaGoDA (Kim et al., NeurIPS 2024): a one-step generator decoded from a low-resolution diffusion"
                + " teacher's probability-flow ODE latents, then grown to higher resolutions. Made by `./pagoda demo`"
                + " with pagoda-j " + Version.project() + " on " + CpuInfo.describe() + ", " + t + " threads, JDK "
                + Runtime.version() + ".");
        try (CpuBackend backend = new CpuBackend(t)) {
            Teacher net;
            try {
                net = Teacher.load(teacher, backend);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--teacher " + teacher + ": " + e.getMessage());
            }
            List<Demo.NamedGenerator> generators = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String name : GENERATORS) {
                Path dir = BundledModels.find(name);
                if (dir == null) {
                    missing.add(name);
                    err.println("pagoda demo: no bundled " + name + " under models/; the report shows the others");
                } else {
                    generators.add(new Demo.NamedGenerator(name, GeneratorFiles.load(dir, backend)));
                }
            }
            if (!missing.isEmpty()) {
                report.text("Not shown: " + String.join(", ", missing) + " (not under models/ in this checkout).");
            }
            new Demo(backend, err).samples(net, generators, new Demo.Options(n, seed, reps, teacherSteps), out, report);
        }
        Path file = out.resolve("report.md");
        report.write(file);
        spec.commandLine().getOut().println(file.toAbsolutePath());
        return 0;
    }
}
