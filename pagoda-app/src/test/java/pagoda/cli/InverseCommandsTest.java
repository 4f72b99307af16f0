package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.teacher.TinyGenerator;
import pagoda.teacher.TinyImages;
import pagoda.teacher.TinyTeacher;

/**
 * superres, inpaint, colorize, deblur, inverse-eval, interpolate, class-swap and img2img end to end on tiny
 * 8x8 models, and their refusals: one line naming the argument, exit status 2.
 */
class InverseCommandsTest {
    @TempDir
    static Path dir;
    static Path teacher;
    static Path generator;
    static Path conditionalTeacher;
    static Path conditional;
    static Path grown;
    static Path data;
    static Path image;
    static Path mask;

    @BeforeAll
    static void setUp() throws IOException {
        teacher = TinyTeacher.write(dir.resolve("teacher"), 0, 11);
        generator = TinyGenerator.write(dir.resolve("generator"), 0, 12, teacher);
        conditionalTeacher = TinyTeacher.write(dir.resolve("teacher3"), 3, 13);
        conditional = TinyGenerator.write(dir.resolve("generator3"), 3, 14, conditionalTeacher);
        grown = TinyGenerator.writeGrown(dir.resolve("grown"), 15, teacher);
        data = TinyImages.write(dir.resolve("data"), 6, 0, 3);
        image = data.resolve("img000.png");
        BufferedImage m = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                m.setRGB(x, y, x >= 2 && x < 6 && y >= 2 && y < 6 ? 0 : 0xFFFFFF);
            }
        }
        mask = dir.resolve("mask.png");
        ImageIO.write(m, "png", mask.toFile());
    }

    private static Cli run(String... args) {
        return Cli.run(args);
    }

    private static void assertPng(Path file, int width, int height) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(width, img.getWidth(), file.toString());
        assertEquals(height, img.getHeight(), file.toString());
    }

    private static void assertBad(Cli c, String option) {
        assertEquals(2, c.status(), c.toString());
        assertTrue(c.err().contains(option), c.err());
        assertEquals(1, c.err().strip().lines().count(), "one line: " + c.err());
    }

    @Test
    void superresWritesTheGeneratorsResolution() throws IOException {
        Path out = dir.resolve("sr.png");
        Path compare = dir.resolve("sr-compare.png");
        Cli c = run("superres", "--generator", generator.toString(), "--teacher", teacher.toString(), "--in", image.toString(),
                "--out", out.toString(), "--compare", compare.toString(), "--encoder-steps", "3", "--threads", "2");
        assertEquals(0, c.status(), c.toString());
        assertPng(out, 8, 8);
        assertPng(compare, 17, 8);
        JsonObject j = JsonParser.parseString(c.out()).getAsJsonObject();
        assertEquals("12x10", j.get("input_size").getAsString());
    }

    @Test
    void aGrownGeneratorSuperResolvesToItsResolution() throws IOException {
        Path out = dir.resolve("sr-grown.png");
        Cli c = run("superres", "--generator", grown.toString(), "--in", image.toString(), "--out", out.toString(),
                "--encoder-steps", "3", "--threads", "2");
        assertEquals(0, c.status(), c.toString());
        assertPng(out, 16, 16);
        Cli e = run("inverse-eval", "--task", "superres", "--generator", grown.toString(), "--data", data.toString(), "--split", "all",
                "--n", "2", "--encoder-steps", "3", "--threads", "2");
        assertEquals(0, e.status(), e.toString());
        JsonObject j = JsonParser.parseString(e.out()).getAsJsonObject();
        assertEquals(8, j.get("input_resolution").getAsInt(), "the teacher's side for a grown generator");
        assertEquals(16, j.get("resolution").getAsInt());
        Path inpainted = dir.resolve("inpaint-grown.png");
        Cli i = run("inpaint", "--generator", grown.toString(), "--in", image.toString(), "--mask", mask.toString(), "--out",
                inpainted.toString(), "--fit-steps", "2", "--encoder-steps", "3", "--threads", "2");
        assertEquals(0, i.status(), i.toString());
        assertPng(inpainted, 16, 16);
    }

    @Test
    void inpaintColorizeAndDeblurWriteTheirAnswers() throws IOException {
        String[] common = {"--generator", generator.toString(), "--teacher", teacher.toString(), "--in", image.toString(),
            "--fit-steps", "3", "--encoder-steps", "3", "--threads", "2"};
        String[][] extra = {{"inpaint", "--mask", mask.toString()}, {"colorize"}, {"deblur", "--sigma", "0.7", "--init", "noise"}};
        for (String[] e : extra) {
            Path out = dir.resolve(e[0] + ".png");
            Path grid = dir.resolve(e[0] + "-grid.png");
            String[] args = new String[e.length + common.length + 4];
            System.arraycopy(e, 0, args, 0, e.length);
            System.arraycopy(common, 0, args, e.length, common.length);
            System.arraycopy(new String[] {"--out", out.toString(), "--grid", grid.toString()}, 0, args, e.length + common.length, 4);
            Cli c = run(args);
            assertEquals(0, c.status(), c.toString());
            assertPng(out, 8, 8);
            assertPng(grid, 26, 8);
            JsonObject j = JsonParser.parseString(c.out()).getAsJsonObject();
            assertTrue(j.get("objective_end").getAsDouble() >= 0, c.out());
        }
    }

    @Test
    void inverseEvalReportsTheAnswerAndTheBaseline() {
        for (String task : new String[] {"inpaint", "colorize", "deblur", "superres"}) {
            Cli c = run("inverse-eval", "--task", task, "--generator", generator.toString(), "--teacher", teacher.toString(),
                    "--data", data.toString(), "--split", "all", "--n", "3", "--fit-steps", "2", "--encoder-steps", "3",
                    "--threads", "2");
            assertEquals(0, c.status(), c.toString());
            JsonObject j = JsonParser.parseString(c.out()).getAsJsonObject();
            assertEquals(task, j.get("task").getAsString());
            assertEquals(3, j.get("n").getAsInt());
            assertTrue(j.has("psnr_db") && j.has("baseline_psnr_db"), c.out());
            if (task.equals("superres")) {
                assertEquals(4, j.get("input_resolution").getAsInt(), "half the teacher's side for a stage-2 generator");
            }
        }
    }

    @Test
    void interpolateClassSwapAndImg2ImgWriteGrids() throws IOException {
        Path interp = dir.resolve("interp.png");
        Cli i = run("interpolate", "--generator", generator.toString(), "--rows", "2", "--steps", "5", "--out", interp.toString(),
                "--threads", "2");
        assertEquals(0, i.status(), i.toString());
        assertPng(interp, 5 * 9 - 1, 2 * 9 - 1);
        Path swap = dir.resolve("swap.png");
        Cli s = run("class-swap", "--generator", conditional.toString(), "--n", "2", "--out", swap.toString(), "--threads", "2");
        assertEquals(0, s.status(), s.toString());
        assertPng(swap, 3 * 9 - 1, 2 * 9 - 1);
        Path i2i = dir.resolve("i2i.png");
        Cli t = run("img2img", "--generator", conditional.toString(), "--teacher", conditionalTeacher.toString(), "--in", image.toString(),
                "--in", data.resolve("img001.png").toString(), "--class", "1", "--to", "0,2", "--encoder-steps", "3",
                "--out", i2i.toString(), "--threads", "2");
        assertEquals(0, t.status(), t.toString());
        assertPng(i2i, 3 * 9 - 1, 2 * 9 - 1);
    }

    @Test
    void classControlOnAnUnconditionalGeneratorNamesTheGenerator() {
        Cli s = run("class-swap", "--generator", generator.toString(), "--out", dir.resolve("x.png").toString());
        assertBad(s, "--generator");
        assertTrue(s.err().contains("unconditional"), s.err());
        Cli t = run("img2img", "--generator", generator.toString(), "--in", image.toString(), "--class", "0",
                "--out", dir.resolve("y.png").toString());
        assertBad(t, "--generator");
        assertBad(run("class-swap", "--generator", conditional.toString(), "--classes", "0,5", "--out", dir.resolve("z.png").toString()),
                "--classes 5");
    }

    @Test
    void badInputIsOneLineNamingTheArgument() throws IOException {
        String g = generator.toString();
        String out = dir.resolve("bad.png").toString();
        assertBad(run("inpaint", "--generator", g, "--in", image.toString(), "--mask", dir.resolve("none.png").toString(), "--out", out),
                "--mask");
        Path text = dir.resolve("text.png");
        Files.writeString(text, "not an image");
        assertBad(run("superres", "--generator", g, "--teacher", teacher.toString(), "--in", text.toString(), "--out", out), "--in");
        assertBad(run("deblur", "--generator", g, "--in", image.toString(), "--sigma", "100", "--init", "noise", "--out", out), "--sigma");
        assertBad(run("colorize", "--generator", g, "--in", image.toString(), "--init", "zeros", "--out", out), "--init");
        assertBad(run("inverse-eval", "--generator", g, "--task", "denoise"), "--task");
        assertBad(run("superres", "--generator", g, "--teacher", conditionalTeacher.toString(), "--in", image.toString(), "--out", out),
                "--teacher");
        assertBad(run("superres", "--generator", dir.resolve("nothing").toString(), "--in", image.toString(), "--out", out),
                "--generator");
        assertBad(run("interpolate", "--generator", g, "--steps", "1", "--out", out), "--steps");
        assertBad(run("superres", "--generator", conditional.toString(), "--teacher", conditionalTeacher.toString(), "--in",
                image.toString(), "--out", out), "--class");
    }
}
