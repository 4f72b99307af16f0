package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.random.Philox;
import pagoda.train.CheckpointStore;
import pagoda.train.LogEntry;
import pagoda.train.RunFolder;
import pagoda.train.TeacherPreset;
import pagoda.train.TrainLog;

/** train-teacher and export-teacher from the command line: bad options exit 2 naming the option; a run works. */
class TrainTeacherCommandTest {
    @TempDir
    Path tmp;

    private static void assertBadArguments(Cli r, String... parts) {
        assertEquals(Main.EXIT_BAD_ARGUMENTS, r.status(), r.toString());
        assertEquals(1, r.err().lines().count(), "one line:\n" + r.err());
        for (String part : parts) {
            assertTrue(r.err().contains(part), "'" + part + "' missing from: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), r.err());
    }

    private String out() {
        return tmp.resolve("run").toString();
    }

    @Test
    void cudaIsRefusedClearly() {
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--device", "cuda"), "--device cuda", "CUDA backend", "--device cpu");
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--device", "tpu"), "--device", "expected cpu or cuda", "'tpu'");
    }

    @Test
    void numbersOutOfRangeNameTheirOption() {
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--batch", "0"), "--batch", "expected a positive integer");
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--duration", "3x"), "--duration", "300k", "'3x'");
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--duration", "1.0005k"), "--duration", "whole number");
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--checkpoint-every", "0"), "--checkpoint-every", "at least one image");
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--lr", "-1"), "--lr", "expected a positive number");
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--label-dropout", "1"), "--label-dropout", "[0, 1)");
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--grad-clip", "nan"), "--grad-clip", "expected a number >= 0");
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--max-minutes", "0"), "--max-minutes");
    }

    @Test
    void modelChoiceErrors() throws IOException {
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--preset", "teacher-cifar"), "--preset", "teacher-cifar",
                "teacher-emoji16");
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--preset", "teacher-emoji16", "--config", "x.json"),
                "--preset", "--config", "mutually exclusive");
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--config", tmp.resolve("none.json").toString()), "--config", "no such file");
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--data", tmp.toString()), "--data", "--preset or --config");
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--resolution", "10"), "--resolution 10", "img_resolution");
        assertBadArguments(Cli.run("train-teacher"), "--out");
    }

    @Test
    void anExistingRunNeedsResumeAndKeepsItsOptions() throws IOException {
        TeacherPreset p = TeacherPreset.named("teacher-emoji16");
        RunFolder.create(tmp.resolve("run"), p.model(), p.train());
        assertBadArguments(Cli.run("train-teacher", "--out", out()), "--out", "already holds a run", "--resume");
        assertBadArguments(Cli.run("train-teacher", "--out", out(), "--resume", "--batch", "64", "--no-xflip"), "--batch", "--xflip",
                "train.json", "--duration");
        assertBadArguments(Cli.run("train-teacher", "--out", tmp.resolve("empty").toString(), "--resume"), "--resume", "no run to resume");
    }

    @Test
    void exportNamesWhatIsMissing() {
        assertBadArguments(Cli.run("export-teacher", "--from", tmp.resolve("nothing").toString(), "--out", out()), "--from", "no such");
        assertBadArguments(Cli.run("export-teacher", "--from", tmp.toString(), "--out", out()), "--from", "no run");
        assertBadArguments(Cli.run("export-teacher", "--from", tmp.toString(), "--out", out(), "--dtype", "f8"), "--dtype", "f16, bf16 or f32");
    }

    /** A folder of 12 random 8x8 PNGs, and a tiny network for it. */
    private Path tinySetup() throws IOException {
        Path images = Files.createDirectories(tmp.resolve("images"));
        int[] w = new int[4];
        for (int i = 0; i < 12; i++) {
            BufferedImage im = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    Philox.block(i, y * 8L + x, w);
                    im.setRGB(x, y, w[0] & 0xFFFFFF);
                }
            }
            ImageIO.write(im, "png", images.resolve("im" + i + ".png").toFile());
        }
        Path config = tmp.resolve("tiny.json");
        Files.writeString(config, """
                {"model": {"img_resolution": 8, "img_channels": 3, "model_channels": 16, "channel_mult": [1, 2],
                           "num_blocks": 1, "attn_resolutions": [], "dropout": 0},
                 "training": {"resolution": 8, "batch": 2, "grid_size": 2, "grid_steps": 3}}
                """);
        return config;
    }

    @Test
    void trainsResumesAndExportsFromTheCommandLine() throws IOException {
        Path config = tinySetup();
        String images = tmp.resolve("images").toString();
        Cli first = Cli.run("train-teacher", "--config", config.toString(), "--data", images, "--out", out(),
                "--duration", "4", "--checkpoint-every", "2", "--grid-every", "4", "--log-every", "2", "--threads", "1");
        assertEquals(0, first.status(), first.toString());
        assertTrue(first.out().contains("finished at step 2, 4 images"), first.out());
        assertTrue(first.err().contains("starting"), first.err());
        Path run = tmp.resolve("run");
        for (String file : List.of(RunFolder.MODEL_CONFIG, RunFolder.TRAIN_CONFIG, RunFolder.MODEL, TrainLog.FILE, "loss.png",
                "samples/000000000004.png", CheckpointStore.DIR + "/checkpoint-000000000004.safetensors")) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file + " missing from the run folder");
        }
        Cli resumed = Cli.run("train-teacher", "--out", out(), "--resume", "--duration", "8");
        assertEquals(0, resumed.status(), resumed.toString());
        assertTrue(resumed.err().contains("resuming"), resumed.err());
        assertTrue(resumed.out().contains("finished at step 4, 8 images"), resumed.out());
        List<LogEntry> log = TrainLog.read(run);
        assertEquals(8, log.getLast().images());
        assertTrue(log.getLast().trainingSeconds() > log.get(1).trainingSeconds(), "training time adds up over sessions");
        Cli export = Cli.run("export-teacher", "--from", out(), "--out", tmp.resolve("teacher").toString(), "--dtype", "bf16");
        assertEquals(0, export.status(), export.toString());
        assertTrue(export.out().contains("BF16") && export.out().contains("8 images"), export.out());
        assertTrue(Files.isRegularFile(tmp.resolve("teacher").resolve(RunFolder.MODEL)));
    }
}
