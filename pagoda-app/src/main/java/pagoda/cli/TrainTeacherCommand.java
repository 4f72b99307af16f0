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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import pagoda.tensor.Backends;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;
import pagoda.train.ImageCount;
import pagoda.train.Progress;
import pagoda.train.RunFolder;
import pagoda.train.StopSignal;
import pagoda.train.TeacherPreset;
import pagoda.train.TeacherTrainer;
import pagoda.train.TrainConfig;
import pagoda.train.TrainingData;
import pagoda.train.TrainingDataSets;
import pagoda.unet.UNetConfig;

/**
 * {@code pagoda train-teacher}: trains an EDM teacher into a run folder ({@link RunFolder}), or continues one
 * with {@code --resume}. Options given on the command line override the preset's (or {@code --config}'s);
 * a resumed run keeps its own, and only the options that do not change what is computed may be given again.
 */
@Command(name = "train-teacher", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Trains an EDM teacher (ADM UNet) on emoji, Fashion-MNIST or a folder of images.",
                "Writes RUN/config.json, train.json, checkpoints/, model.safetensors (EMA weights), log.jsonl,",
                "loss.png and samples/; Ctrl-C finishes the current step and writes a checkpoint."},
        sortOptions = false)
final class TrainTeacherCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "The run folder (new, or the run to resume).")
    Path out;

    @Option(names = "--resume", description = "Continues the run in --out from its newest checkpoint.")
    boolean resume;

    @ArgGroup(exclusive = true)
    ModelSource source;

    static final class ModelSource {
        @Option(names = "--preset", paramLabel = "NAME",
                description = "teacher-emoji16 or teacher-fmnist16 (default: by --data; emoji without --data).")
        String preset;

        @Option(names = "--config", paramLabel = "FILE",
                description = "A JSON file {\"model\": {config.json fields}, \"training\": {train.json fields}}.")
        Path config;
    }

    @Option(names = "--data", paramLabel = "DATA", description = "emoji, fmnist or a folder of images (class sub-folders for labels).")
    String data;

    @Option(names = "--resolution", paramLabel = "R", converter = Converters.PositiveInt.class,
            description = "Image side of the data and the network.")
    Integer resolution;

    @Option(names = "--batch", paramLabel = "N", converter = Converters.PositiveInt.class, description = "Images per step.")
    Integer batch;

    @Option(names = "--duration", paramLabel = "IMAGES", converter = Converters.Images.class,
            description = "Images to train on in total, e.g. 300k or 1.5M.")
    Long duration;

    @Option(names = "--lr", paramLabel = "LR", converter = Converters.PositiveNumber.class, description = "Adam's learning rate after warm-up.")
    Double lr;

    @Option(names = "--lr-rampup", paramLabel = "IMAGES", converter = Converters.Images.class,
            description = "Images of linear learning-rate warm-up (EDM's lr_rampup_kimg).")
    Long lrRampup;

    @Option(names = "--ema-halflife", paramLabel = "IMAGES", converter = Converters.Images.class,
            description = "Half-life of the weights' EMA in images (EDM's ema_halflife_kimg).")
    Long emaHalfLife;

    @Option(names = "--label-dropout", paramLabel = "P", converter = Converters.Probability.class,
            description = "Probability of training a labelled image without its label (classifier-free guidance).")
    Double labelDropout;

    @Option(names = "--xflip", negatable = true, description = "Mirror each image with probability 1/2 (--no-xflip: never).")
    Boolean xflip;

    @Option(names = "--grad-clip", paramLabel = "NORM", converter = Converters.NonNegativeNumber.class,
            description = "Clips the global gradient norm to NORM; 0: no clipping.")
    Double gradClip;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the initial weights and of every random draw.")
    Long seed;

    @Option(names = "--checkpoint-every", paramLabel = "IMAGES", converter = Converters.PositiveImages.class,
            description = "Images between checkpoints.")
    Long checkpointEvery;

    @Option(names = "--grid-every", paramLabel = "IMAGES", converter = Converters.Images.class,
            description = "Images between sample grids (35-NFE Heun, EMA weights); 0: none.")
    Long gridEvery;

    @Option(names = "--log-every", paramLabel = "IMAGES", converter = Converters.PositiveImages.class,
            description = "Images between log lines (log.jsonl, loss.png, and stderr when it is not a terminal).")
    Long logEvery;

    @Option(names = "--max-minutes", paramLabel = "M", converter = Converters.PositiveNumber.class,
            description = "Stops (with a checkpoint) after M minutes of this session; --resume continues.")
    Double maxMinutes;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu (cuda comes with the CUDA backend).")
    String device;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "Threads of the CPU backend (default: all processors); results do not depend on it.")
    Integer threads;

    /** Options that change what a run computes, so a resumed run cannot take them. */
    private static final List<String> FIXED_ON_RESUME = List.of("--preset", "--config", "--data", "--resolution", "--batch",
            "--lr", "--lr-rampup", "--ema-halflife", "--label-dropout", "--xflip", "--grad-clip", "--seed");

    @Override
    public Integer call() throws IOException {
        checkDevice();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        RunFolder run = resume ? reopen() : create();
        TrainConfig cfg = run.train();
        TrainingData trainingData = openData(cfg, run.model());
        try (CpuBackend backend = new CpuBackend(threads != null ? threads : Backends.defaultThreads());
             StopSignal stop = StopSignal.onShutdown()) {
            Progress progress = new Progress(err, Progress.stderrIsTerminal(), cfg.duration());
            TeacherTrainer trainer = new TeacherTrainer(run, trainingData, backend, progress, stop,
                    maxMinutes != null ? maxMinutes : Double.POSITIVE_INFINITY);
            stop.onRequest(() -> progress.message("train-teacher: stopping after this step, then writing a checkpoint"));
            boolean resumed = resume && trainer.resume(err);
            progress.message(String.format(Locale.ROOT, "train-teacher: %s %s, %.2fM parameters; data %s: %d images %dx%d%s; "
                            + "batch %d, %s images (%d steps)", resumed ? "resuming" : "starting", out,
                    trainer.network().parameterCount() / 1e6, cfg.data(), trainingData.size(), cfg.resolution(),
                    cfg.resolution(), trainingData.classes() > 0 ? ", " + trainingData.classes() + " classes" : "",
                    cfg.batch(), ImageCount.format(cfg.duration()), (cfg.duration() + cfg.batch() - 1) / cfg.batch()));
            TeacherTrainer.Result r = trainer.train();
            stdout.println(summary(r));
            stdout.flush();
            return 0;
        }
    }

    private String summary(TeacherTrainer.Result r) {
        String how = switch (r.outcome()) {
            case FINISHED -> "finished";
            case STOPPED -> "stopped";
            case TIME_UP -> "stopped after --max-minutes";
        };
        String text = String.format(Locale.ROOT, "train-teacher: %s at step %d, %s images, %.1f min of training; checkpoint %s; "
                + "teacher %s (config.json + model.safetensors)", how, r.step(), ImageCount.format(r.images()),
                r.trainingSeconds() / 60, r.checkpoint(), out);
        if (r.outcome() != TeacherTrainer.Outcome.FINISHED) {
            text += "; continue with: ./pagoda train-teacher --out " + out + " --resume";
        }
        return text;
    }

    private void checkDevice() {
        if (device == null || device.equals(TrainConfig.CPU)) {
            return;
        }
        if (device.equals("cuda")) {
            throw bad("--device cuda: the CUDA backend is not built yet (issue 8); train with --device cpu");
        }
        throw bad("--device: expected cpu or cuda, got '" + device + "'");
    }

    private RunFolder create() throws IOException {
        TeacherPreset preset = preset();
        UNetConfig model = preset.model();
        Map<String, Object> modelOverrides = new LinkedHashMap<>();
        if (resolution != null) {
            modelOverrides.put("img_resolution", (long) resolution);
        }
        if (labelDropout != null) {
            modelOverrides.put("label_dropout", labelDropout);
        }
        if (!modelOverrides.isEmpty()) {
            Map<String, Object> m = JsonFields.of(Json.parse(Json.write(model.toJson()), "options"), "options").asMap();
            Map<String, Object> merged = new LinkedHashMap<>(m);
            merged.putAll(modelOverrides);
            try {
                model = UNetConfig.parse(JsonFields.of(merged, "the options given"));
            } catch (IllegalArgumentException e) {
                throw bad((resolution != null ? "--resolution " + resolution : "--label-dropout " + labelDropout)
                        + " does not fit the network of " + preset.name() + ": " + e.getMessage());
            }
        }
        TrainConfig train;
        try {
            train = preset.train().with(trainingOverrides(), "the options given");
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        if (Files.exists(out.resolve(RunFolder.TRAIN_CONFIG))) {
            throw bad("--out " + out + " already holds a run; add --resume to continue it, or choose another folder");
        }
        try {
            return RunFolder.create(out, model, train);
        } catch (IllegalArgumentException e) {
            throw bad("--out " + out + ": " + e.getMessage());
        }
    }

    private TeacherPreset preset() throws IOException {
        if (source != null && source.config != null) {
            if (!Files.isRegularFile(source.config)) {
                throw bad("--config " + source.config + ": no such file");
            }
            return TeacherPreset.read(source.config);
        }
        String name = source != null ? source.preset : null;
        if (name == null) {
            if (data == null || data.equals("emoji")) {
                name = "teacher-emoji16";
            } else if (data.equals("fmnist")) {
                name = "teacher-fmnist16";
            } else {
                throw bad("--data " + data + ": a folder of images needs --preset or --config to choose the network");
            }
        }
        try {
            return TeacherPreset.named(name);
        } catch (IllegalArgumentException e) {
            throw bad("--preset: " + e.getMessage());
        }
    }

    private Map<String, Object> trainingOverrides() {
        Map<String, Object> o = new LinkedHashMap<>();
        putIf(o, "data", data);
        putIf(o, "resolution", resolution == null ? null : (long) resolution);
        putIf(o, "batch", batch == null ? null : (long) batch);
        putIf(o, "lr", lr);
        putIf(o, "lr_rampup", lrRampup);
        putIf(o, "ema_halflife", emaHalfLife);
        putIf(o, "xflip", xflip);
        putIf(o, "grad_clip", gradClip);
        putIf(o, "seed", seed);
        putIf(o, "device", device);
        o.putAll(resumableOverrides());
        return o;
    }

    /** The options a resumed run may change: they alter how long it runs and what it writes, not what it computes. */
    private Map<String, Object> resumableOverrides() {
        Map<String, Object> o = new LinkedHashMap<>();
        putIf(o, "duration", duration);
        putIf(o, "checkpoint_every", checkpointEvery);
        putIf(o, "grid_every", gridEvery);
        putIf(o, "log_every", logEvery);
        return o;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private RunFolder reopen() throws IOException {
        ParseResult parsed = spec.commandLine().getParseResult();
        List<String> fixed = new ArrayList<>();
        for (String option : FIXED_ON_RESUME) {
            if (parsed.hasMatchedOption(option) || option.equals("--xflip") && parsed.hasMatchedOption("--no-xflip")) {
                fixed.add(option);
            }
        }
        if (!fixed.isEmpty()) {
            throw bad(String.join(", ", fixed) + ": a resumed run keeps the options in " + out.resolve(RunFolder.TRAIN_CONFIG)
                    + "; with --resume only --duration, --checkpoint-every, --grid-every, --log-every, --max-minutes, --threads apply");
        }
        RunFolder run;
        try {
            run = RunFolder.open(out);
        } catch (IllegalArgumentException e) {
            throw bad("--out " + out + " --resume: " + e.getMessage());
        }
        Map<String, Object> o = resumableOverrides();
        if (o.isEmpty()) {
            return run;
        }
        try {
            return run.withTrain(run.train().with(o, "the options given"));
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private TrainingData openData(TrainConfig cfg, UNetConfig model) throws IOException {
        try {
            PrintWriter err = spec.commandLine().getErr();
            return TrainingDataSets.open(cfg.data(), cfg.resolution(), model.imgChannels(), cfg.seed(), out,
                    line -> err.println(spec.qualifiedName() + ": " + line));
        } catch (IllegalArgumentException e) {
            throw bad("--data " + cfg.data() + ": " + e.getMessage());
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
