package pagoda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.data.DataException;
import pagoda.data.DataLog;
import pagoda.data.DataSpec;
import pagoda.data.ImageDataset;
import pagoda.data.MalformedDataException;
import pagoda.data.Split;
import pagoda.decoder.GeneratorFiles;
import pagoda.demo.Demo;
import pagoda.demo.DemoReport;
import pagoda.demo.SuperResolutionSection;
import pagoda.teacher.BundledModels;
import pagoda.teacher.Teacher;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;

/**
 * {@code pagoda demo}, the main job: PaGoDA with the bundled models, written as a report folder
 * ({@link Demo}, {@link SuperResolutionSection}), and with {@code --train} the pipeline run by the user's own
 * commands ({@link DemoTraining}). A bundled generator or data set that is missing is named in the report and
 * on stderr, never skipped silently.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"The main job: PaGoDA with the bundled models.",
                "Samples the teacher (multi-step, at its resolution) and the one-step generators from the same noise,",
                "times them, super-resolves held-out images with the grown generator, and writes the grids and",
                "report.md into --out; prints the report's path. With --train it first runs the pipeline itself at a",
                "small size (encode a subset, stage 2, one growth; about 11 minutes on 2 cores) and shows its results."})
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

    @Option(names = "--superres-data", paramLabel = "SOURCE", converter = DataCommand.SourceConverter.class,
            description = "Held-out images (test split) to super-resolve; when the source is not installed, the teacher's"
                    + " samples are used instead, saying so (default: ${DEFAULT-VALUE}).")
    DataSpec superresData = DataSpec.parse("emoji");

    @Option(names = "--superres-n", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Images to super-resolve (default: ${DEFAULT-VALUE}).")
    int superresN = 8;

    @Option(names = "--encoder-steps", paramLabel = "L", converter = Converters.PositiveInt.class,
            description = "Levels of the encoder's grid for super-resolution and --train, as the bundled generators' pairs"
                    + " (default: ${DEFAULT-VALUE}).")
    int encoderLevels = 20;

    @Mixin
    DemoTraining.Options training;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        if (encoderLevels < 2) {
            throw new ParameterException(spec.commandLine(), "--encoder-steps " + encoderLevels + ": the grid needs at least 2 levels");
        }
        PrintWriter err = spec.commandLine().getErr();
        int t = threads.count();
        DemoReport report = new DemoReport("pagoda-j demo");
        report.text("PaGoDA (Kim et al., NeurIPS 2024): a one-step generator decoded from a low-resolution diffusion"
                + " teacher's probability-flow ODE latents, then grown to higher resolutions. Made by `./pagoda demo"
                + (training.train ? " --train" : "") + "` with pagoda-j " + Version.project() + " on " + CpuInfo.describe() + ", " + t
                + " threads, JDK " + Runtime.version() + ".");
        Files.createDirectories(out);
        try (CpuBackend backend = new CpuBackend(t)) {
            Teacher net;
            try {
                net = Teacher.load(teacher, backend);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--teacher " + teacher + ": " + e.getMessage());
            }
            List<DemoTraining.Stage> stages = null;
            DemoTraining.Folders folders = DemoTraining.Folders.under(out.resolve("train"));
            if (training.train) {
                stages = new DemoTraining(teacher, training, encoderLevels, t, err).run(folders, 2 * net.config().imgResolution());
            }
            List<Demo.NamedGenerator> generators = bundledGenerators(backend, report, err);
            Demo demo = new Demo(backend, err);
            Demo.Options options = new Demo.Options(n, seed, reps, teacherSteps);
            Tensor teacherSamples = demo.samples(net, generators, options, out, report);
            superResolution(net, generators, teacherSamples, backend, report, err);
            if (stages != null) {
                trained(demo, options, folders, stages, backend, report);
            }
        }
        Path file = out.resolve("report.md");
        report.write(file);
        spec.commandLine().getOut().println(file.toAbsolutePath());
        return 0;
    }

    private List<Demo.NamedGenerator> bundledGenerators(CpuBackend backend, DemoReport report, PrintWriter err) throws IOException {
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
        return generators;
    }

    /** Super-resolution with the bundled generator of the highest resolution above the teacher's, if there is one. */
    private void superResolution(Teacher net, List<Demo.NamedGenerator> generators, Tensor teacherSamples, CpuBackend backend,
            DemoReport report, PrintWriter err) throws IOException {
        int low = net.config().imgResolution();
        Demo.NamedGenerator grown = null;
        for (Demo.NamedGenerator g : generators) {
            int r = g.generator().resolution();
            if (r > low && g.generator().classes() == 0 && (grown == null || r > grown.generator().resolution())) {
                grown = g;
            }
        }
        if (grown == null) {
            err.println("pagoda demo: no bundled grown (unconditional, above " + low + "x" + low + ") generator; no super-resolution");
            report.section("Super-resolution").text("Not shown: no bundled grown generator (unconditional, above " + low + "x" + low
                    + ") under models/ in this checkout.");
            return;
        }
        SuperResolutionSection.Inputs in = superresInputs(low, grown.generator().resolution(), teacherSamples, backend, err);
        new SuperResolutionSection(err).add(net, grown, in, encoderLevels, out, report);
    }

    private SuperResolutionSection.Inputs superresInputs(int low, int big, Tensor teacherSamples, CpuBackend backend, PrintWriter err)
            throws IOException {
        List<ImageDataset> views;
        try {
            views = ImageDataset.openViews(superresData, new int[] {big, low}, Split.TEST, null, DataLog.NONE);
        } catch (MalformedDataException e) {
            throw e;
        } catch (DataException e) {
            int k = Math.min(superresN, teacherSamples.size(0));
            err.println("pagoda demo: --superres-data " + superresData + ": " + e.getMessage()
                    + "; super-resolving the teacher's samples instead");
            return new SuperResolutionSection.Inputs(teacherSamples.slice(0, 0, k).contiguous(), null, "The first " + k
                    + " teacher samples above (--superres-data " + superresData + " is not available here: " + e.getMessage() + ")");
        }
        ImageDataset truth = views.getFirst();
        if (truth.channels() != teacherSamples.size(1) || truth.size() == 0) {
            throw new ParameterException(spec.commandLine(), "--superres-data " + superresData + ": expected held-out "
                    + teacherSamples.size(1) + "-channel images, got " + truth.size() + " of " + truth.channels() + " channels");
        }
        int k = Math.min(superresN, truth.size());
        int[] index = new int[k];
        for (int i = 0; i < k; i++) {
            index[i] = (int) ((long) i * truth.size() / k);
        }
        return new SuperResolutionSection.Inputs(views.get(1).batch(backend, index, null), truth.batch(backend, index, null),
                k + " held-out images of " + superresData + " (its test split, which no bundled model trained on), brought to "
                        + low + "x" + low + " by the data pipeline");
    }

    /** The --train section: the stages' commands and times, and the samples of the two generators they trained. */
    private void trained(Demo demo, Demo.Options options, DemoTraining.Folders folders, List<DemoTraining.Stage> stages,
            CpuBackend backend, DemoReport report) throws IOException {
        report.section("Training pipeline (--train)")
                .text("The pipeline run end to end at a small size by the commands below (in `" + folders.pairs().getParent()
                        + "`; run again, finished stages are kept and interrupted ones resume). The samples start from the same"
                        + " noise as those above.");
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("stage", "command", "wall min"));
        for (DemoTraining.Stage s : stages) {
            table.add(List.of(s.name(), "`" + s.commandLine() + "`", String.format(Locale.ROOT, "%.1f", s.seconds() / 60)));
        }
        report.table(table);
        for (Path run : List.of(folders.stage2(), folders.grown())) {
            Demo.NamedGenerator g = new Demo.NamedGenerator("trained-" + run.getFileName(), GeneratorFiles.load(run, backend));
            Demo.OneStepRun r = demo.oneStep(g, options, out);
            int gr = g.generator().resolution();
            report.image("One-step samples of " + run + " (" + gr + "x" + gr + ")", r.file());
        }
    }
}
