package pagoda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import pagoda.decoder.DecoderConfig;
import pagoda.decoder.DecoderData;
import pagoda.decoder.DecoderRun;
import pagoda.decoder.DecoderTrainer;
import pagoda.decoder.Generator;
import pagoda.decoder.GeneratorFiles;
import pagoda.decoder.PairData;
import pagoda.decoder.TrainableGenerator;
import pagoda.teacher.Teacher;
import pagoda.tensor.Backends;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;
import pagoda.train.ImageCount;
import pagoda.train.Progress;
import pagoda.train.StopSignal;

/**
 * What {@code train-decoder} and {@code grow} share: a decoder run folder ({@link DecoderRun}) trained by the
 * {@link DecoderTrainer} from the teacher's pairs, started new or continued with {@code --resume}; the
 * subclasses say which generator it trains and at which resolution.
 */
abstract class DecoderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--teacher", paramLabel = "T",
            description = "The teacher the pairs were encoded with: a teacher folder, its weights file, or a bundled model name "
                    + "(default: " + Teacher.DEFAULT + ").")
    String teacher;

    @Option(names = "--pairs", paramLabel = "DIR", description = "The pairs folder written by ./pagoda encode (required for a new run).")
    Path pairs;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "The run folder (new, or the run to resume).")
    Path out;

    @Option(names = "--resume", description = "Continues the run in --out from its newest checkpoint.")
    boolean resume;

    @Mixin
    DecoderOptions training;

    /** The generator a new run starts from, or (resumed) the one its newest checkpoint is loaded into. */
    abstract TrainableGenerator generator(DecoderRun run, DecoderConfig cfg, Teacher t, CpuBackend backend) throws IOException;

    /** The side of the images the run trains on. */
    abstract int imageResolution(DecoderConfig cfg, Teacher t) throws IOException;

    /** Options given to a new run beyond {@link DecoderOptions}', by their decoder.json names. */
    abstract Map<String, Object> extraOverrides();

    /** Options that change what a run computes, so a resumed run cannot take them (besides {@link DecoderOptions}'). */
    abstract List<String> fixedOnResume();

    /** The teacher and pairs of a new run when --teacher or --pairs are not given; null: none. */
    abstract String defaultTeacher() throws IOException;

    abstract Path defaultPairs() throws IOException;

    /** Files a new run writes besides those of {@link DecoderRun#create}, once the folder exists. */
    abstract void created(DecoderRun run) throws IOException;

    /** What the progress line says G starts from. */
    abstract String initDescription(DecoderConfig cfg);

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        String name = spec.qualifiedName();
        DecoderRun run = resume ? reopen() : null;
        DecoderConfig cfg = run != null ? run.options() : options();
        try (CpuBackend backend = new CpuBackend(training.threads != null ? training.threads : Backends.defaultThreads());
             StopSignal stop = StopSignal.onShutdown()) {
            Teacher t = loadTeacher(cfg.teacher(), backend);
            if (run != null) {
                checkSameTeacher(run, t);
            }
            TrainableGenerator g = generator(run, cfg, t, backend);
            DecoderData data = openPairs(Path.of(cfg.pairs()), t, imageResolution(cfg, t));
            if (run == null) {
                run = create(cfg, t, g);
            }
            Progress progress = new Progress(err, Progress.stderrIsTerminal(), cfg.duration());
            DecoderTrainer trainer = new DecoderTrainer(run, data, t.net(), g, backend, progress, stop,
                    training.maxMinutes != null ? training.maxMinutes : Double.POSITIVE_INFINITY);
            stop.onRequest(() -> progress.message(name + ": stopping after this step, then writing a checkpoint"));
            boolean resumed = resume && trainer.resume(err);
            progress.message(String.format(Locale.ROOT, "%s: %s %s; G %.2fM parameters (%s), D %s; %d pairs, images %dx%d%s; "
                            + "loss %s%s; batch %d, %s images (%d steps)", name, resumed ? "resuming" : "starting", out,
                    trainer.generator().parameterCount() / 1e6, initDescription(cfg),
                    trainer.discriminator() == null ? "off" : String.format(Locale.ROOT, "%.2fM parameters",
                            trainer.discriminator().parameterCount() / 1e6),
                    data.size(), data.imageResolution(), data.imageResolution(), data.classes() > 0 ? ", " + data.classes() + " classes" : "",
                    cfg.reconstruction(), cfg.augmentReconstruction() ? " with DiffAugment" : "", cfg.batch(),
                    ImageCount.format(cfg.duration()), (cfg.duration() + cfg.batch() - 1) / cfg.batch()));
            DecoderTrainer.Result r = trainer.train();
            stdout.println(summary(r));
            stdout.flush();
            return 0;
        }
    }

    private String summary(DecoderTrainer.Result r) {
        String how = switch (r.outcome()) {
            case FINISHED -> "finished";
            case STOPPED -> "stopped";
            case TIME_UP -> "stopped after --max-minutes";
        };
        String text = String.format(Locale.ROOT, "%s: %s at step %d, %s images, %.1f min of training; checkpoint %s; "
                        + "generator %s (--generator %s)", spec.qualifiedName(), how, r.step(), ImageCount.format(r.images()),
                r.trainingSeconds() / 60, r.checkpoint(), out, out);
        if (r.outcome() != DecoderTrainer.Outcome.FINISHED) {
            text += "; continue with: ./pagoda " + spec.name() + " --out " + out + " --resume";
        }
        return text;
    }

    private DecoderConfig options() throws IOException {
        Path pairsDir = pairs != null ? pairs : defaultPairs();
        if (pairsDir == null) {
            throw bad("--pairs: a new run needs the pairs folder written by ./pagoda encode");
        }
        String teacherName = teacher != null ? teacher : defaultTeacher();
        Map<String, Object> o = training.overrides();
        o.putAll(extraOverrides());
        try {
            return DecoderConfig.defaults(teacherName, pairsDir.toString()).with(o, "the options given");
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private DecoderRun create(DecoderConfig cfg, Teacher t, TrainableGenerator g) throws IOException {
        if (Files.exists(out.resolve(DecoderRun.OPTIONS))) {
            throw bad("--out " + out + " already holds a decoder run; add --resume to continue it, or choose another folder");
        }
        DecoderRun run;
        try {
            run = DecoderRun.create(out, Generator.configOf(t.config()).withGuidanceEmbedding(cfg.guided()), cfg, t.describe(),
                    GeneratorFiles.kindOf(g));
        } catch (IllegalArgumentException e) {
            throw bad("--out " + out + ": " + e.getMessage());
        }
        created(run);
        return run;
    }

    private DecoderRun reopen() throws IOException {
        ParseResult parsed = spec.commandLine().getParseResult();
        List<String> fixed = new ArrayList<>();
        for (String option : fixedOnResume()) {
            if (parsed.hasMatchedOption(option)) {
                fixed.add(option);
            }
        }
        fixed.addAll(DecoderOptions.fixedOnResume(parsed));
        if (!fixed.isEmpty()) {
            throw bad(String.join(", ", fixed) + ": a resumed run keeps the options in " + out.resolve(DecoderRun.OPTIONS)
                    + "; with --resume only --duration, --checkpoint-every, --log-every, --grid-every, --grid-size, "
                    + "--max-minutes, --threads apply");
        }
        DecoderRun run;
        try {
            run = DecoderRun.open(out);
        } catch (IllegalArgumentException e) {
            throw bad("--out " + out + " --resume: " + e.getMessage());
        }
        Map<String, Object> o = training.resumableOverrides();
        if (o.isEmpty()) {
            return run;
        }
        try {
            return run.withOptions(run.options().with(o, "the options given"));
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    Teacher loadTeacher(String given, CpuBackend backend) throws IOException {
        try {
            return Teacher.load(given, backend);
        } catch (IllegalArgumentException e) {
            throw bad("--teacher " + given + ": " + e.getMessage());
        }
    }

    /** The pairs must be the teacher's: G learns to decode its latents, and its encoder gives the features. */
    private DecoderData openPairs(Path dir, Teacher t, int imageResolution) throws IOException {
        PairData data;
        PrintWriter err = spec.commandLine().getErr();
        try {
            data = PairData.open(dir, imageResolution, line -> err.println(spec.qualifiedName() + ": " + line));
        } catch (IllegalArgumentException e) {
            throw bad("--pairs " + dir + ": " + e.getMessage());
        }
        String encodedWith = data.pairs().manifest().teacherSha256();
        if (!encodedWith.equals(t.weightsSha256())) {
            throw bad("--pairs " + dir + " were encoded by the teacher with weights SHA-256 " + encodedWith + ", --teacher "
                    + t.name() + " has " + t.weightsSha256() + "; encode the pairs with this teacher, or name the one that made them");
        }
        return data;
    }

    /** A resumed run must see the very teacher it started with: its frozen encoder is part of the losses. */
    private void checkSameTeacher(DecoderRun run, Teacher t) throws IOException {
        JsonFields g = Json.readObject(run.dir().resolve(DecoderRun.GENERATOR));
        String started = g.getObject("teacher").getString("model_sha256");
        if (!started.equals(t.weightsSha256())) {
            throw new IllegalArgumentException("the teacher " + t.name() + " has changed since " + out + " started (weights SHA-256 "
                    + t.weightsSha256() + ", the run recorded " + started + "); a resumed run needs the same teacher");
        }
    }

    ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
