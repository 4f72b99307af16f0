package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.teacher.TinyTeacher;
import pagoda.tensor.io.SafeTensors;

/** {@code pagoda sample-teacher}: the grid, the sample file, per-sample seeds, classes, guidance, option errors. */
class SampleTeacherCommandTest {
    @TempDir
    static Path shared;
    static Path unconditional;
    static Path conditional;

    @BeforeAll
    static void setUp() throws IOException {
        unconditional = TinyTeacher.write(shared.resolve("u"), 0, 31);
        conditional = TinyTeacher.write(shared.resolve("c"), 3, 32);
    }

    private static Cli sample(Path teacher, String name, String... extra) {
        String[] base = {"sample-teacher", "--teacher", teacher.toString(), "--steps", "4", "--threads", "2",
                "--out", shared.resolve(name + ".png").toString(), "--samples", shared.resolve(name + ".safetensors").toString()};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Cli.run(args);
    }

    private static float[] images(String name, int[] shape) throws IOException {
        try (SafeTensors st = SafeTensors.open(shared.resolve(name + ".safetensors"))) {
            assertArrayEquals(shape, st.info("images").shape());
            return st.readFloats("images");
        }
    }

    @Test
    void writesTheGridAndTheSamples() throws IOException {
        Cli r = sample(unconditional, "plain", "--n", "5", "--batch", "2");
        assertEquals(0, r.status(), r.toString());
        BufferedImage grid = ImageIO.read(shared.resolve("plain.png").toFile());
        assertEquals(3 * 8 + 2, grid.getWidth(), "3 columns of 8 pixels, 1 pixel apart");
        assertEquals(2 * 8 + 1, grid.getHeight());
        float[] v = images("plain", new int[] {5, 3, 8, 8});
        for (float x : v) {
            assertTrue(x >= -1 && x <= 1, "in [-1, 1]: " + x);
        }
        assertTrue(r.out().contains("\"evaluations_per_sample\":7"), r.out());
    }

    /**
     * Sample i comes from noise stream (seed, i) whatever its batch. The network runs in float32 and its
     * kernels may block a batch differently, so the two runs may differ by rounding: 1e-5 is ~100 float32
     * ulps at 1, far below the 2/255 of one 8-bit level, and far below what another noise draw changes.
     */
    @Test
    void samplesDoNotDependOnTheBatch() throws IOException {
        assertEquals(0, sample(unconditional, "b1", "--n", "3", "--batch", "1").status());
        assertEquals(0, sample(unconditional, "b3", "--n", "3", "--batch", "3").status());
        assertEquals(0, sample(unconditional, "seed2", "--n", "3", "--seed", "2").status());
        float[] a = images("b1", new int[] {3, 3, 8, 8});
        float[] b = images("b3", new int[] {3, 3, 8, 8});
        float[] c = images("seed2", new int[] {3, 3, 8, 8});
        double maxDiff = 0;
        double seedDiff = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            seedDiff = Math.max(seedDiff, Math.abs(a[i] - c[i]));
        }
        assertTrue(maxDiff <= 1e-5, "batch 1 vs batch 3: " + maxDiff);
        assertTrue(seedDiff > 1e-2, "another seed gives other samples: " + seedDiff);
    }

    @Test
    void classesAndGuidanceChangeTheSamples() throws IOException {
        assertEquals(0, sample(conditional, "c0", "--n", "2", "--class", "0").status());
        assertEquals(0, sample(conditional, "c2", "--n", "2", "--class", "2").status());
        Cli guided = sample(conditional, "c2g", "--n", "2", "--class", "2", "--cfg", "3", "--solver", "dpmpp");
        assertEquals(0, guided.status(), guided.toString());
        assertTrue(guided.out().contains("\"evaluations_per_sample\":8"), "dpmpp 4 steps, 2 evaluations each: " + guided.out());
        float[] c0 = images("c0", new int[] {2, 3, 8, 8});
        float[] c2 = images("c2", new int[] {2, 3, 8, 8});
        float[] c2g = images("c2g", new int[] {2, 3, 8, 8});
        assertFalse(Arrays.equals(c0, c2), "the class reaches the teacher");
        assertFalse(Arrays.equals(c2, c2g), "guidance changes the samples");
    }

    @Test
    void badOptionsExitWithStatus2NamingTheOption() {
        String[][] cases = {
                {"u", "--class", "--class", "1"},
                {"u", "--cfg", "--cfg", "2"},
                {"c", "--class", "--class", "3"},
                {"c", "--solver", "--solver", "rk4"},
                {"c", "--steps", "--steps", "1"},
                {"c", "--n", "--n", "0"},
        };
        for (String[] c : cases) {
            Cli r = sample(c[0].equals("u") ? unconditional : conditional, "bad", c[2], c[3]);
            assertEquals(Main.EXIT_BAD_ARGUMENTS, r.status(), r.toString());
            assertTrue(r.err().contains(c[1]) && r.err().lines().count() == 1, r.err());
        }
        Cli noTeacher = Cli.run("sample-teacher", "--teacher", "teacher-that-is-not-there", "--out", shared.resolve("x.png").toString());
        assertEquals(Main.EXIT_BAD_ARGUMENTS, noTeacher.status(), noTeacher.toString());
        assertTrue(noTeacher.err().contains("--teacher") && noTeacher.err().contains("looked for"), noTeacher.err());
    }
}
