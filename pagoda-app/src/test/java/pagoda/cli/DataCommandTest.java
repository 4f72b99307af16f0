package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pagoda data}: the JSON summary, the grid, the cache and bad arguments. */
class DataCommandTest {
    @TempDir
    Path dir;

    private Path folder() throws IOException {
        Path data = dir.resolve("imgs");
        for (int i = 0; i < 10; i++) {
            BufferedImage img = new BufferedImage(12 + i, 10, BufferedImage.TYPE_INT_RGB);
            img.setRGB(i, 3, 0xFF00FF);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(img, "png", png);
            Path f = data.resolve((i < 4 ? "a/" : "b/") + i + ".png");
            Files.createDirectories(f.getParent());
            Files.write(f, png.toByteArray());
        }
        Files.writeString(data.resolve("b/notes.txt"), "not an image");
        return data;
    }

    @Test
    void printsAJsonSummaryWritesTheGridAndReusesTheCache() throws IOException {
        Path data = folder();
        Path grid = dir.resolve("grid.png");
        Path cache = dir.resolve("c.safetensors");
        Cli r = Cli.run("data", "--source", data.toString(), "--resolution", "8", "--grid", grid.toString(), "--grid-n", "4",
                "--cache", cache.toString());
        assertEquals(0, r.status(), r.toString());
        JsonObject j = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertEquals("folder", j.get("source").getAsString());
        assertEquals(8, j.get("resolution").getAsInt());
        assertEquals(10, j.get("images").getAsInt());
        assertEquals(10, j.get("train").getAsInt() + j.get("test").getAsInt());
        assertEquals(4, j.getAsJsonObject("classes").get("a").getAsInt());
        assertEquals(6, j.getAsJsonObject("classes").get("b").getAsInt());
        assertEquals(1, j.getAsJsonObject("skipped").get("total").getAsInt());
        assertTrue(r.err().contains("skipped b/notes.txt: not an image format"), r.err());
        assertFalse(j.get("from_cache").getAsBoolean());
        BufferedImage g = ImageIO.read(grid.toFile());
        assertEquals(2 * 8 + 1, g.getWidth());
        assertEquals(2 * 8 + 1, g.getHeight());
        Cli again = Cli.run("data", "--source", data.toString(), "--resolution", "8", "--split", "test", "--cache", cache.toString());
        assertEquals(0, again.status(), again.toString());
        JsonObject k = JsonParser.parseString(again.out().strip()).getAsJsonObject();
        assertTrue(k.get("from_cache").getAsBoolean());
        assertEquals(j.get("test").getAsInt(), k.get("images").getAsInt());
    }

    @Test
    void badArgumentsExitWith2NamingTheOption() {
        Cli zero = Cli.run("data", "--source", "emoji", "--resolution", "0");
        assertEquals(Main.EXIT_BAD_ARGUMENTS, zero.status(), zero.toString());
        assertTrue(zero.err().contains("--resolution") && zero.err().contains("expected a positive integer"), zero.err());
        Cli split = Cli.run("data", "--source", "emoji", "--resolution", "16", "--split", "val");
        assertEquals(Main.EXIT_BAD_ARGUMENTS, split.status(), split.toString());
        assertTrue(split.err().contains("--split") && split.err().contains("split 'val' is not one of train, test, all"), split.err());
        assertEquals(1, split.err().lines().count());
    }

    @Test
    void aMissingSourceIsOneLineWithStatus1() {
        Path missing = dir.resolve("nothing-here");
        Cli r = Cli.run("data", "--source", missing.toString(), "--resolution", "16");
        assertEquals(Main.EXIT_RUNTIME_ERROR, r.status(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("folder source " + missing + ": not a folder (it does not exist)"), r.err());
    }
}
