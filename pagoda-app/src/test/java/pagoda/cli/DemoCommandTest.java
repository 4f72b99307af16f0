package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.decoder.DecoderRun;
import pagoda.decoder.GeneratorFiles;
import pagoda.teacher.BundledModels;
import pagoda.teacher.TinyTeacher;

/** {@code pagoda demo} on tiny bundled models: the report folder, its table, and a missing generator named. */
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
    void aTeacherThatIsNotThereIsABadArgument() {
        Cli r = Cli.run("demo", "--teacher", dir.resolve("nothing").toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--teacher"), r.err());
    }
}
