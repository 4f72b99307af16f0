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
import picocli.CommandLine.Command;
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
import pagoda.decoder.GuidanceBank;
import pagoda.decoder.PairData;
import pagoda.teacher.Teacher;
import pagoda.tensor.Backends;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;
import pagoda.train.ImageCount;
import pagoda.train.Progress;
import pagoda.train.StopSignal;

/**
 * {@code pagoda train-decoder}: trains PaGoDA's one-step generator at the teacher's resolution from the
 * teacher's latent pairs into a run folder ({@link DecoderRun}), or continues one with {@code --resume}.
 */
@Command(name = "train-decoder", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Trains the one-step generator (stage 2) on the teacher's pairs.",
                "G is a copy of the teacher called once at sigma = 80; it learns to decode the latents of",
                "./pagoda encode (perceptual reconstruction loss) and to fool a projected hinge GAN on fresh",
                "noise (adaptive weight). Writes RUN/config.json, generator.json, decoder.json, checkpoints/,",
                "model.safetensors (G's EMA: --generator RUN), log.jsonl, loss.png, gan.png, reconstructions/",
                "and samples/; Ctrl-C finishes the current step and writes a checkpoint."})
final class TrainDecoderCommand implements Callable<Integer> {
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

    @Option(names = "--duration", paramLabel = "IMAGES", converter = Converters.Images.class,
            description = "Pairs to train on in total (generator steps x batch), e.g. 20k (default: 200k).")
    Long duration;

    @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class,
            description = "Pairs per generator step and real images per discriminator step (default: 32).")
    Integer batch;

    @Option(names = "--lr-g", paramLabel = "LR", converter = Converters.PositiveNumber.class,
            description = "RAdam's learning rate of G (default: 1e-3).")
    Double lrG;

    @Option(names = "--lr-d", paramLabel = "LR", converter = Converters.PositiveNumber.class,
            description = "RAdam's learning rate of the discriminator (default: 2e-3).")
    Double lrD;

    @Option(names = "--ema-decay", paramLabel = "B", converter = Converters.Probability.class,
            description = "Decay of G's EMA per step (default: 0.999).")
    Double emaDecay;

    @Option(names = "--gan-weight", paramLabel = "W", converter = Converters.NonNegativeNumber.class,
            description = "w_D in L = L_rec + w_D lambda L_G (default: 0.2).")
    Double ganWeight;

    @Option(names = "--no-gan", description = "Ablation: reconstruction loss only, no discriminator.")
    boolean noGan;

    @Option(names = "--pixel-loss", description = "Ablation: pixel L2 instead of the perceptual distance.")
    boolean pixelLoss;

    @Option(names = "--no-augment-rec", description = "Ablation: no DiffAugment inside the reconstruction loss.")
    boolean noAugmentRec;

    @Option(names = "--random-init", description = "Ablation: G starts from EDM's random initialisation, not the teacher.")
    boolean randomInit;

    @Option(names = "--feature-sigma", paramLabel = "S", converter = Converters.PositiveNumber.class,
            description = "Noise level at which the teacher's encoder serves as the feature network (default: 0.2).")
    Double featureSigma;

    @Option(names = "--disc-width", paramLabel = "C", converter = Converters.PositiveInt.class,
            description = "Channels of the discriminator heads (default: 64).")
    Integer discWidth;

    @Option(names = "--guidance-bank", paramLabel = "FILE",
            description = "Trains the guided generator G(z, y, w): adds w_distill |G(80 eps, y, w) - x_w|^2 towards the guided "
                    + "teacher's samples of this bank (./pagoda guidance-bank, made by the same teacher).")
    Path guidanceBank;

    @Option(names = "--distill-weight", paramLabel = "W", converter = Converters.NonNegativeNumber.class,
            description = "w_distill of the guided generator's distillation term (default: 1).")
    Double distillWeight;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every random draw (default: 0).")
    Long seed;

    @Option(names = "--checkpoint-every", paramLabel = "IMAGES", converter = Converters.PositiveImages.class,
            description = "Images between checkpoints (default: 5k).")
    Long checkpointEvery;

    @Option(names = "--log-every", paramLabel = "IMAGES", converter = Converters.PositiveImages.class,
            description = "Images between log lines (default: 512).")
    Long logEvery;

    @Option(names = "--grid-every", paramLabel = "IMAGES", converter = Converters.Images.class,
            description = "Images between reconstruction and sample grids; 0: none (default: 10k).")
    Long gridEvery;

    @Option(names = "--grid-size", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Grids of N x N images (default: 8).")
    Integer gridSize;

    @Option(names = "--max-minutes", paramLabel = "M", converter = Converters.PositiveNumber.class,
            description = "Stops (with a checkpoint) after M minutes of this session; --resume continues.")
    Double maxMinutes;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "Threads of the CPU backend (default: all processors); results do not depend on it.")
    Integer threads;

    /** Options that change what a run computes, so a resumed run cannot take them. */
    private static final List<String> FIXED_ON_RESUME = List.of("--teacher", "--pairs", "--batch", "--lr-g", "--lr-d",
            "--ema-decay", "--gan-weight", "--no-gan", "--pixel-loss", "--no-augment-rec", "--random-init", "--feature-sigma",
            "--disc-width", "--seed", "--guidance-bank", "--distill-weight");

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        String name = spec.qualifiedName();
        DecoderRun run = resume ? reopen() : null;
        DecoderConfig cfg = run != null ? run.options() : options();
        try (CpuBackend backend = new CpuBackend(threads != null ? threads : Backends.defaultThreads());
             StopSignal stop = StopSignal.onShutdown()) {
            Teacher t = loadTeacher(cfg.teacher(), backend);
            DecoderData data = openPairs(Path.of(cfg.pairs()), t);
            if (cfg.guided()) {
                checkBank(Path.of(cfg.guidanceBank()), t);
            }
            if (run == null) {
                run = create(cfg, t);
            } else {
                checkSameTeacher(run, t);
            }
            Progress progress = new Progress(err, Progress.stderrIsTerminal(), cfg.duration());
            DecoderTrainer trainer = new DecoderTrainer(run, data, t.net(), backend, progress, stop,
                    maxMinutes != null ? maxMinutes : Double.POSITIVE_INFINITY);
            stop.onRequest(() -> progress.message(name + ": stopping after this step, then writing a checkpoint"));
            boolean resumed = resume && trainer.resume(err);
            progress.message(String.format(Locale.ROOT, "%s: %s %s; G %.2fM parameters (%s), D %s; %d pairs %dx%d%s; "
                            + "loss %s%s%s; batch %d, %s images (%d steps)", name, resumed ? "resuming" : "starting", out,
                    trainer.generator().net().parameterCount() / 1e6, cfg.randomInit() ? "random init" : "from the teacher",
                    trainer.discriminator() == null ? "off" : String.format(Locale.ROOT, "%.2fM parameters",
                            trainer.discriminator().parameterCount() / 1e6),
                    data.size(), data.resolution(), data.resolution(), data.classes() > 0 ? ", " + data.classes() + " classes" : "",
                    cfg.reconstruction(), cfg.augmentReconstruction() ? " with DiffAugment" : "",
                    trainer.guidanceBank() == null ? "" : String.format(Locale.ROOT, " + %s L_distill (pixel L2) on %d guided "
                            + "teacher samples, w in [1, %s]", cfg.distillWeight(), trainer.guidanceBank().size(),
                            trainer.guidanceBank().wMax()), cfg.batch(),
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
            text += "; continue with: ./pagoda train-decoder --out " + out + " --resume";
        }
        return text;
    }

    private DecoderConfig options() {
        if (pairs == null) {
            throw bad("--pairs: a new run needs the pairs folder written by ./pagoda encode");
        }
        String teacherName = teacher != null ? teacher : Teacher.DEFAULT;
        Map<String, Object> o = new LinkedHashMap<>();
        putIf(o, "batch", batch == null ? null : (long) batch);
        putIf(o, "lr_g", lrG);
        putIf(o, "lr_d", lrD);
        putIf(o, "ema_decay", emaDecay);
        putIf(o, "gan_weight", ganWeight);
        putIf(o, "gan", noGan ? false : null);
        putIf(o, "reconstruction", pixelLoss ? DecoderConfig.PIXEL : null);
        putIf(o, "augment_reconstruction", noAugmentRec ? false : null);
        putIf(o, "random_init", randomInit ? true : null);
        putIf(o, "feature_sigma", featureSigma);
        putIf(o, "discriminator_width", discWidth == null ? null : (long) discWidth);
        putIf(o, "seed", seed);
        if (distillWeight != null && guidanceBank == null) {
            throw bad("--distill-weight: it weighs the distillation term of the guided generator; give --guidance-bank too");
        }
        putIf(o, "guidance_bank", guidanceBank == null ? null : guidanceBank.toAbsolutePath().toString());
        putIf(o, "distill_weight", distillWeight);
        o.putAll(resumableOverrides());
        try {
            return DecoderConfig.defaults(teacherName, pairs.toString()).with(o, "the options given");
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    /** The options a resumed run may change: how long it runs and what it writes, not what it computes. */
    private Map<String, Object> resumableOverrides() {
        Map<String, Object> o = new LinkedHashMap<>();
        putIf(o, "duration", duration);
        putIf(o, "checkpoint_every", checkpointEvery);
        putIf(o, "log_every", logEvery);
        putIf(o, "grid_every", gridEvery);
        putIf(o, "grid_size", gridSize == null ? null : (long) gridSize);
        return o;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private DecoderRun create(DecoderConfig cfg, Teacher t) throws IOException {
        if (Files.exists(out.resolve(DecoderRun.OPTIONS))) {
            throw bad("--out " + out + " already holds a decoder run; add --resume to continue it, or choose another folder");
        }
        try {
            return DecoderRun.create(out, Generator.configOf(t.config()).withGuidanceEmbedding(cfg.guided()), cfg, t.describe());
        } catch (IllegalArgumentException e) {
            throw bad("--out " + out + ": " + e.getMessage());
        }
    }

    private DecoderRun reopen() throws IOException {
        ParseResult parsed = spec.commandLine().getParseResult();
        List<String> fixed = new ArrayList<>();
        for (String option : FIXED_ON_RESUME) {
            if (parsed.hasMatchedOption(option)) {
                fixed.add(option);
            }
        }
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
        Map<String, Object> o = resumableOverrides();
        if (o.isEmpty()) {
            return run;
        }
        try {
            return run.withOptions(run.options().with(o, "the options given"));
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private Teacher loadTeacher(String given, CpuBackend backend) throws IOException {
        try {
            return Teacher.load(given, backend);
        } catch (IllegalArgumentException e) {
            throw bad("--teacher " + given + ": " + e.getMessage());
        }
    }

    /** The pairs must be the teacher's: G learns to decode its latents, and its encoder gives the features. */
    private DecoderData openPairs(Path dir, Teacher t) throws IOException {
        PairData data;
        PrintWriter err = spec.commandLine().getErr();
        try {
            data = PairData.open(dir, line -> err.println(spec.qualifiedName() + ": " + line));
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

    /** The bank's targets must be this teacher's guided samples. */
    private void checkBank(Path file, Teacher t) throws IOException {
        GuidanceBank bank;
        try {
            bank = GuidanceBank.read(file);
        } catch (IllegalArgumentException e) {
            throw bad("--guidance-bank " + file + ": " + e.getMessage());
        }
        if (!bank.teacherSha256().equals(t.weightsSha256())) {
            throw bad("--guidance-bank " + file + " was made by the teacher with weights SHA-256 " + bank.teacherSha256()
                    + ", --teacher " + t.name() + " has " + t.weightsSha256() + "; make the bank with this teacher");
        }
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

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
