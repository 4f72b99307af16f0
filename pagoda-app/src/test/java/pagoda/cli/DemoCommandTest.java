package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.decoder.DecoderRun;
import pagoda.decoder.GeneratorFiles;
import pagoda.demo.Demo;
import pagoda.teacher.BundledModels;
import pagoda.teacher.TinyImages;
import pagoda.teacher.TinyTeacher;
import pagoda.tensor.Backends;

/**
 * {@code pagoda demo} on tiny bundled models: the report folder, its table, a missing generator named,
 * super-resolution with and without held-out truth, and {@code --train} run and resumed.
 */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheReportWithEveryBundledSamplerAndNamesTheMissingOnes() throws IOException {
        Path models = dir.resolve("models");
        Path teacher = TinyTeacher.write(models.resolve("tiny-teacher"), 0, 5);
        Path generator = TinyTeacher.write(models.resolve(DemoCommand.GENERATORS.get(0)), 0, 6);
        Files.writeString(generator.resolve(DecoderRun.GENERATOR),
                "{\"format\": \"" + GeneratorFiles.FORMAT + "\", \"sigma\": 80}");
        Path out = dir.resolve("report");
        String before = System.getProperty(BundledModels.PROPERTY);
        System.setProperty(BundledModels.PROPERTY, models.toString());
        Cli r;
        try {
            r = Cli.run("demo", "--teacher", teacher.toString(), "--n", "2", "--reps", "1", "--teacher-steps", "3",
                    "--threads", "2", "--out", out.toString());
        } finally {
            if (before == null) {
                System.clearProperty(BundledModels.PROPERTY);
            } else {
                System.setProperty(BundledModels.PROPERTY, before);
            }
        }
        assertEquals(0, r.status(), r.toString());
        Path report = out.resolve("report.md");
        assertEquals(report.toAbsolutePath().toString(), r.out().strip());
        String md = Files.readString(report);
        int r0 = TinyTeacher.RESOLUTION;
        for (String png : new String[] {"teacher-" + r0 + ".png", "onestep-" + DemoCommand.GENERATORS.get(0) + ".png"}) {
            assertTrue(md.contains("](" + png + ")"), md);
            assertTrue(Files.size(out.resolve(png)) > 0, png);
        }
        assertTrue(md.contains("| one-step " + DemoCommand.GENERATORS.get(0) + " | " + r0 + "x" + r0 + " | 1 |"), md);
        assertTrue(md.contains("| teacher " + teacher + " (Heun) | " + r0 + "x" + r0 + " | 5 |"), md);
        assertTrue(md.contains("Not shown: " + DemoCommand.GENERATORS.get(1)), md);
        assertTrue(r.err().contains("no bundled " + DemoCommand.GENERATORS.get(1)), r.err());
    }

    @Test
    void trainsThePipelineResumesItAndSuperResolvesWithTheGrownGenerator() throws IOException {
        Path models = dir.resolve("models");
        Path teacher = TinyTeacher.write(models.resolve("tiny-teacher"), 0, 5);
        Path data = TinyImages.write(dir.resolve("data"), 40, 0, 3);
        Path out = dir.resolve("report");
        String[] train = {"demo", "--teacher", teacher.toString(), "--n", "2", "--reps", "1", "--teacher-steps", "3",
                "--threads", "2", "--out", out.toString(), "--superres-data", dir.resolve("no-such-data").toString(),
                "--encoder-steps", "3", "--train", "--train-data", data.toString(), "--train-images", "4", "--train-duration", "8",
                "--train-grow-duration", "8", "--train-batch", "4"};
        Cli first = withModels(models, train);
        assertEquals(0, first.status(), first.toString());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("## Training pipeline (--train)"), md);
        for (String command : new String[] {"`./pagoda encode --teacher " + teacher, "`./pagoda train-decoder --teacher " + teacher,
                "`./pagoda grow --from " + out.resolve("train").resolve("stage2")}) {
            assertTrue(md.contains(command), command + " in\n" + md);
        }
        int r0 = TinyTeacher.RESOLUTION;
        Path grown = out.resolve("train").resolve("grow");
        assertEquals(2 * r0, GeneratorFiles.load(grown, Backends.cpu()).resolution());
        assertTrue(md.contains("](onestep-trained-grow.png)") && Files.size(out.resolve("onestep-trained-grow.png")) > 0, md);
        assertTrue(md.contains("Not shown: no bundled grown generator"), md);

        Path checkpoints = out.resolve("train").resolve("stage2").resolve("checkpoints");
        List<String> before = listing(checkpoints);
        Cli again = withModels(models, train);
        assertEquals(0, again.status(), again.toString());
        assertTrue(again.err().contains("train-decoder --resume"), again.err());
        assertEquals(before, listing(checkpoints), "a finished stage is left as it is");

        copy(grown, models.resolve(DemoCommand.GENERATORS.get(1)));
        Cli shown = withModels(models, "demo", "--teacher", teacher.toString(), "--n", "3", "--reps", "1", "--teacher-steps", "3",
                "--threads", "2", "--out", out.toString(), "--encoder-steps", "3", "--superres-data", dir.resolve("no-such-data").toString(),
                "--superres-n", "2");
        assertEquals(0, shown.status(), shown.toString());
        md = Files.readString(out.resolve("report.md"));
        String png = "superres-" + DemoCommand.GENERATORS.get(1) + ".png";
        assertTrue(md.contains("## Super-resolution") && md.contains("](" + png + ")"), md);
        assertTrue(md.contains("The first 2 teacher samples above (--superres-data " + dir.resolve("no-such-data")), md);
        assertTrue(md.contains("| PaGoDA: encode + one step of " + DemoCommand.GENERATORS.get(1) + " |"), md);
        assertTrue(shown.err().contains("super-resolving the teacher's samples instead"), shown.err());
        BufferedImage grid = ImageIO.read(out.resolve(png).toFile());
        assertEquals(3 * Demo.DISPLAY + 2 * 2, grid.getHeight(), "rows: input, bicubic, PaGoDA (no truth)");
    }

    @Test
    void superResolvesHeldOutImagesAgainstTheirTruth() throws IOException {
        Path models = dir.resolve("models");
        Path teacher = TinyTeacher.write(models.resolve("tiny-teacher"), 0, 5);
        Path data = TinyImages.write(dir.resolve("data"), 200, 0, 3);
        Path pairs = TinyPairs.encode(teacher, data, dir.resolve("pairs"));
        Cli s2 = Cli.run("train-decoder", "--teacher", teacher.toString(), "--pairs", pairs.toString(), "--duration", "4", "--batch", "4",
                "--threads", "2", "--out", dir.resolve("s2").toString());
        assertEquals(0, s2.status(), s2.toString());
        Cli grow = Cli.run("grow", "--from", dir.resolve("s2").toString(), "--resolution", Integer.toString(2 * TinyTeacher.RESOLUTION),
                "--duration", "4", "--batch", "4", "--threads", "2", "--out", models.resolve(DemoCommand.GENERATORS.get(1)).toString());
        assertEquals(0, grow.status(), grow.toString());
        Path out = dir.resolve("report");
        Cli r = withModels(models, "demo", "--teacher", teacher.toString(), "--n", "2", "--reps", "1", "--teacher-steps", "3",
                "--threads", "2", "--out", out.toString(), "--encoder-steps", "3", "--superres-data", data.toString(), "--superres-n", "3");
        assertEquals(0, r.status(), r.toString());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("3 held-out images of " + data), md);
        assertTrue(md.contains("| method | PSNR (dB) | SSIM | s per image |"), md);
        assertTrue(md.lines().anyMatch(l -> l.matches("\\| bicubic \\(PIL filter\\) \\| [0-9.]+ \\| [0-9.-]+ \\| - \\|")), md);
        BufferedImage grid = ImageIO.read(out.resolve("superres-" + DemoCommand.GENERATORS.get(1) + ".png").toFile());
        assertEquals(4 * Demo.DISPLAY + 3 * 2, grid.getHeight(), "rows: input, bicubic, PaGoDA, truth");
    }

    /** Runs the CLI with {@code models} as the bundled models' folder. */
    private static Cli withModels(Path models, String... args) {
        String before = System.getProperty(BundledModels.PROPERTY);
        System.setProperty(BundledModels.PROPERTY, models.toString());
        try {
            return Cli.run(args);
        } finally {
            if (before == null) {
                System.clearProperty(BundledModels.PROPERTY);
            } else {
                System.setProperty(BundledModels.PROPERTY, before);
            }
        }
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, to.resolve(p.getFileName()));
                }
            }
        }
    }

    @Test
    void aTeacherThatIsNotThereIsABadArgument() {
        Cli r = Cli.run("demo", "--teacher", dir.resolve("nothing").toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--teacher"), r.err());
    }
}
