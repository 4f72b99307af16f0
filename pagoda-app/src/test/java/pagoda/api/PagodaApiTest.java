package pagoda.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.api.example.EmbedExample;
import pagoda.decoder.GeneratorFiles;
import pagoda.decoder.OneStepSamples;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;
import pagoda.teacher.TinyGenerator;
import pagoda.teacher.TinyTeacher;

/** The embedders' API on a tiny generator, and the README's example, compiled with the tests and run here. */
class PagodaApiTest {
    @TempDir
    static Path dir;
    static Path generator;

    @BeforeAll
    static void setUp() throws IOException {
        Path teacher = TinyTeacher.write(dir.resolve("teacher"), 0, 21);
        generator = TinyGenerator.write(dir.resolve("generator"), 0, 22, teacher);
    }

    @Test
    void theExampleRunsAndWritesItsPngs() throws IOException {
        Path out = dir.resolve("example");
        EmbedExample.main(new String[] {generator.toString(), out.toString()});
        BufferedImage grid = ImageIO.read(out.resolve("samples.png").toFile());
        assertEquals(4 * 8 + 3, grid.getWidth());
        BufferedImage large = ImageIO.read(out.resolve("super-resolved.png").toFile());
        assertEquals(8, large.getWidth());
        assertEquals(8, large.getHeight());
    }

    @Test
    void theReadmeShowsTheExampleVerbatim() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String example = Files.readString(Path.of("src", "test", "java", "pagoda", "api", "example", "EmbedExample.java"));
        assertTrue(readme.contains(example.strip()), "README.md must show src/test/java/pagoda/api/example/EmbedExample.java as it is");
    }

    @Test
    void samplesAreThoseOfTheSampleCommand() throws IOException {
        Tensor expected = new OneStepSamples(5, -1).generate(GeneratorFiles.load(generator, Backends.cpu()), Backends.cpu(), 3, 3, d -> {
        });
        try (Pagoda p = Pagoda.open(generator.toString(), null, 1)) {
            Images s = p.sample(3, 5);
            assertEquals(3, s.size());
            assertEquals(8, s.width());
            assertArrayEquals(expected.toFloatArray(), s.floats(), 0f);
            BufferedImage fromPng = ImageIO.read(new ByteArrayInputStream(s.png(2)));
            BufferedImage direct = s.image(2);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    assertEquals(direct.getRGB(x, y), fromPng.getRGB(x, y));
                }
            }
        }
    }

    @Test
    void aGrownGeneratorSuperResolvesToItsResolution() throws IOException {
        Path teacher = dir.resolve("teacher");
        Path grown = TinyGenerator.writeGrown(dir.resolve("grown"), 23, teacher);
        try (Pagoda p = Pagoda.open(grown.toString(), null, 1)) {
            assertEquals(16, p.resolution());
            assertEquals(8, p.teacherResolution());
            BufferedImage large = p.superResolve(p.sample(1, 0).image(0));
            assertEquals(16, large.getWidth());
            assertEquals(16, large.getHeight());
        }
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pagoda.open("no-such-generator"));
        assertTrue(e.getMessage().contains("no-such-generator"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pagoda.open(generator.toString(), null, 0));
    }
}
