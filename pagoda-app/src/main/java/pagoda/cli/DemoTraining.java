package pagoda.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pagoda.decoder.DecoderRun;
import pagoda.train.ImageCount;

/**
 * {@code demo --train}: PaGoDA's stages end to end at a small size, each run by the command a user would type,
 * so the demo shows the commands as well as their results: encode an evenly spaced subset of the training split,
 * stage 2 from the teacher, one 2x growth. The stages' folders live under one folder; run again, a finished
 * stage is left as it is and an interrupted one resumes from its checkpoint.
 */
final class DemoTraining {
    /**
     * The pipeline's size.
     *
     * @param data          the data source ({@code --data} of encode)
     * @param images        images of the training split to encode (each also mirrored)
     * @param encoderLevels levels of the encoder's grid
     * @param stage2Images  pairs stage 2 trains on
     * @param growImages    pairs the growth trains on
     * @param batch         pairs per step of both
     */
    record Size(String data, int images, int encoderLevels, long stage2Images, long growImages, int batch) {
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
    private final Size size;
    private final int threads;
    private final PrintWriter log;

    DemoTraining(String teacher, Size size, int threads, PrintWriter log) {
        this.teacher = teacher;
        this.size = size;
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
        stages.add(stage("encode", List.of("encode", "--teacher", teacher, "--data", size.data(), "--split", "train",
                "--images", Integer.toString(size.images()), "--steps", Integer.toString(size.encoderLevels()),
                "--threads", Integer.toString(threads), "--out", folders.pairs().toString())));
        stages.add(stage("stage 2", decoderRun(folders.stage2(), List.of("train-decoder", "--teacher", teacher,
                "--pairs", folders.pairs().toString(), "--batch", Integer.toString(size.batch())), size.stage2Images())));
        stages.add(stage("growth", decoderRun(folders.grown(), List.of("grow", "--from", folders.stage2().toString(),
                "--resolution", Integer.toString(grownResolution), "--batch", Integer.toString(size.batch())), size.growImages())));
        return stages;
    }

    /** A decoder command for a new run in {@code out}, or the same run resumed when {@code out} holds one. */
    private List<String> decoderRun(Path out, List<String> newRun, long images) {
        List<String> args = new ArrayList<>();
        if (Files.exists(out.resolve(DecoderRun.OPTIONS))) {
            args.add(newRun.getFirst());
            args.add("--resume");
        } else {
            args.addAll(newRun);
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
