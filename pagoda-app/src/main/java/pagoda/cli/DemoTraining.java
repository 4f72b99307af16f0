package pagoda.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;
import pagoda.decoder.DecoderRun;
import pagoda.train.ImageCount;

/**
 * {@code demo --train}: PaGoDA's stages end to end at a small size, each run by the command a user would type,
 * so the demo shows the commands as well as their results: encode an evenly spaced subset of the training split,
 * stage 2 from the teacher, one 2x growth. The stages' folders live under one folder; run again, a finished
 * stage is left as it is and an interrupted one resumes from its checkpoint.
 */
final class DemoTraining {
    /** {@code --train} and the pipeline's size. */
    static final class Options {
        @Option(names = "--train", description = "Also runs the pipeline (encode, stage 2, one growth) into OUT/train, then shows it.")
        boolean train;

        @Option(names = "--train-data", paramLabel = "SOURCE", description = "--train: the data (default: ${DEFAULT-VALUE}).")
        String trainData = "emoji";

        @Option(names = "--train-images", paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "--train: images of the training split to encode, evenly spaced (default: ${DEFAULT-VALUE}).")
        int trainImages = 1024;

        @Option(names = "--train-duration", paramLabel = "IMAGES", converter = Converters.PositiveImages.class,
                description = "--train: pairs stage 2 trains on (default: 12k).")
        long trainDuration = 12_000;

        @Option(names = "--train-grow-duration", paramLabel = "IMAGES", converter = Converters.PositiveImages.class,
                description = "--train: pairs the growth trains on (default: 6k).")
        long trainGrowDuration = 6_000;

        @Option(names = "--train-batch", paramLabel = "B", converter = Converters.PositiveInt.class,
                description = "--train: pairs per step (default: ${DEFAULT-VALUE}).")
        int trainBatch = 16;
    }

    /** A stage that ran: its command line (without {@code ./pagoda}) and wall time. */
    record Stage(String name, List<String> command, double seconds) {
        String commandLine() {
            return "./pagoda " + String.join(" ", command);
        }
    }

    /** The folders the stages write. */
    record Folders(Path pairs, Path stage2, Path grown) {
        static Folders under(Path dir) {
            return new Folders(dir.resolve("pairs"), dir.resolve("stage2"), dir.resolve("grow"));
        }
    }

    private final String teacher;
    private final Options options;
    private final int encoderLevels;
    private final int threads;
    private final PrintWriter log;

    /** @param encoderLevels levels of the encoder's grid */
    DemoTraining(String teacher, Options options, int encoderLevels, int threads, PrintWriter log) {
        this.teacher = teacher;
        this.options = options;
        this.encoderLevels = encoderLevels;
        this.threads = threads;
        this.log = log;
    }

    /**
     * Runs the three stages into {@code folders}, their output lines on the log.
     *
     * @param grownResolution twice the teacher's resolution
     * @throws IllegalStateException naming the stage's command when one fails (its error is on the log)
     */
    List<Stage> run(Folders folders, int grownResolution) {
        List<Stage> stages = new ArrayList<>();
        stages.add(stage("encode", List.of("encode", "--teacher", teacher, "--data", options.trainData, "--split", "train",
                "--images", Integer.toString(options.trainImages), "--steps", Integer.toString(encoderLevels),
                "--threads", Integer.toString(threads), "--out", folders.pairs().toString())));
        stages.add(stage("stage 2", decoderRun(folders.stage2(), List.of("train-decoder", "--teacher", teacher,
                "--pairs", folders.pairs().toString()), options.trainDuration)));
        stages.add(stage("growth", decoderRun(folders.grown(), List.of("grow", "--from", folders.stage2().toString(),
                "--resolution", Integer.toString(grownResolution)), options.trainGrowDuration)));
        return stages;
    }

    /**
     * A decoder command for a new run in {@code out}, or the same run resumed when {@code out} holds one. A new run
     * takes the demo's batch and an EMA decay of 0.99 per step: the default 0.999 averages over about 1,000 steps,
     * more than such a short run makes, so its EMA would still be mostly the starting weights.
     */
    private List<String> decoderRun(Path out, List<String> newRun, long images) {
        List<String> args = new ArrayList<>();
        if (Files.exists(out.resolve(DecoderRun.OPTIONS))) {
            args.add(newRun.getFirst());
            args.add("--resume");
        } else {
            args.addAll(newRun);
            args.addAll(List.of("--batch", Integer.toString(options.trainBatch), "--ema-decay", "0.99"));
        }
        args.addAll(List.of("--duration", ImageCount.format(images), "--threads", Integer.toString(threads), "--out", out.toString()));
        return args;
    }

    private Stage stage(String name, List<String> args) {
        log.println("demo --train: " + name + ": ./pagoda " + String.join(" ", args));
        log.flush();
        long t0 = System.nanoTime();
        int status = Main.run(args.toArray(String[]::new), log, log);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (status != 0) {
            throw new IllegalStateException(String.format(Locale.ROOT, "demo --train: the %s stage (./pagoda %s) failed with exit"
                    + " status %d; its error is above", name, String.join(" ", args), status));
        }
        return new Stage(name, args, seconds);
    }
}
