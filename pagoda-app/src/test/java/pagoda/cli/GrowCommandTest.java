package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensors;
import pagoda.teacher.TinyImages;
import pagoda.teacher.TinyTeacher;

/**
 * {@code pagoda grow} end to end on a tiny teacher: a stage-2 run grown 8 -> 16 into a run folder that sample,
 * reconstruct, export-generator and bench sample take like a stage-2 one; its resume; its refusals of bad input;
 * and {@code upsample}, the bicubic baseline.
 */
class GrowCommandTest {
    private static final int GROWN = 2 * TinyTeacher.RESOLUTION;

    @TempDir
    static Path shared;
    static Path teacher;
    static Path pairs;
    static Path stage2;
    static Path grown;

    @BeforeAll
    static void setUp() throws IOException {
        teacher = TinyTeacher.write(shared.resolve("teacher"), 0, 11);
        Path data = TinyImages.write(shared.resolve("data"), 6, 0, 3);
        pairs = TinyPairs.encode(teacher, data, shared.resolve("pairs"));
        stage2 = shared.resolve("stage2");
        Cli t = Cli.run("train-decoder", "--teacher", teacher.toString(), "--pairs", pairs.toString(), "--batch", "4",
                "--duration", "4", "--grid-every", "0", "--disc-width", "8", "--threads", "2", "--out", stage2.toString());
        assertEquals(0, t.status(), t.toString());
        grown = shared.resolve("grown");
        Cli g = grow("--out", grown.toString(), "--duration", "8");
        assertEquals(0, g.status(), g.toString());
    }

    private static Cli grow(String... extra) {
        String[] base = {"grow", "--from", stage2.toString(), "--resolution", Integer.toString(GROWN), "--width", "8", "--batch", "4",
            "--log-every", "4", "--checkpoint-every", "4", "--grid-every", "8", "--grid-size", "2", "--disc-width", "8",
            "--view", "8", "--threads", "2"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Cli.run(args);
    }

    @Test
    void aGrownRunIsAGeneratorFolderThatEveryGeneratorCommandTakes() throws IOException {
        for (String f : new String[] {"config.json", "generator.json", "decoder.json", GrowCommand.GROW, "model.safetensors",
            "log.jsonl", "loss.png", "gan.png", "reconstructions/000000000008.png", "samples/000000000008.png"}) {
            assertTrue(Files.isRegularFile(grown.resolve(f)), f);
        }
        assertTrue(Files.readString(grown.resolve("generator.json")).contains("\"grown\""));
        Path file = shared.resolve("grown-samples.safetensors");
        Cli s = Cli.run("sample", "--generator", grown.toString(), "--n", "3", "--out", shared.resolve("g.png").toString(),
                "--samples", file.toString(), "--threads", "2");
        assertEquals(0, s.status(), s.toString());
        try (SafeTensors st = SafeTensors.open(file)) {
            assertArrayEquals(new int[] {3, 3, GROWN, GROWN}, st.readTensor("images", Backends.cpu()).shape());
        }
        Cli r = Cli.run("reconstruct", "--generator", grown.toString(), "--pairs", pairs.toString(), "--threads", "2",
                "--originals", shared.resolve("orig.safetensors").toString());
        assertEquals(0, r.status(), r.toString());
        double psnr = JsonParser.parseString(r.out().strip()).getAsJsonObject().get("psnr_db").getAsDouble();
        assertTrue(psnr > 0 && psnr < 100, "psnr " + psnr);
        try (SafeTensors st = SafeTensors.open(shared.resolve("orig.safetensors"))) {
            assertEquals(GROWN, st.readTensor("images", Backends.cpu()).size(3), "compared with the images at the grown resolution");
        }
        Path exported = shared.resolve("exported");
        assertEquals(0, Cli.run("export-generator", "--from", grown.toString(), "--out", exported.toString()).status());
        Cli b = Cli.run("bench", "sample", "--generator", exported.toString(), "--batch", "2", "--reps", "1", "--warmup-ms", "0",
                "--threads", "2");
        assertEquals(0, b.status(), b.toString());
        assertEquals(GROWN, JsonParser.parseString(b.out().strip()).getAsJsonObject().get("resolution").getAsInt());
    }

    @Test
    void aGrowthResumesAndGrowsAgain() {
        Path run = shared.resolve("resumed");
        assertEquals(0, grow("--out", run.toString(), "--duration", "4").status());
        Cli refused = Cli.run("grow", "--out", run.toString(), "--resume", "--width", "16");
        assertEquals(2, refused.status(), refused.toString());
        assertTrue(refused.err().contains("--width"), refused.err());
        Cli resumed = Cli.run("grow", "--out", run.toString(), "--resume", "--duration", "8", "--threads", "2");
        assertEquals(0, resumed.status(), resumed.toString());
        assertTrue(resumed.out().contains("finished at step 2"), resumed.out());
        Cli again = Cli.run("grow", "--from", grown.toString(), "--resolution", Integer.toString(2 * GROWN), "--width", "4",
                "--batch", "4", "--duration", "4", "--grid-every", "0", "--disc-width", "8", "--view", "8", "--separate-gan-step",
                "--threads", "2", "--out", shared.resolve("twice").toString());
        assertEquals(0, again.status(), again.toString());
    }

    @Test
    void badInputGetsOneLineNamingTheArgument() throws IOException {
        Cli wrong = Cli.run("grow", "--from", stage2.toString(), "--resolution", "24", "--out", shared.resolve("bad1").toString());
        assertEquals(2, wrong.status(), wrong.toString());
        assertTrue(wrong.err().contains("--resolution 24: expected " + GROWN), wrong.err());
        Cli notGenerator = Cli.run("grow", "--from", teacher.toString(), "--resolution", "16", "--out", shared.resolve("bad2").toString());
        assertEquals(2, notGenerator.status(), notGenerator.toString());
        assertTrue(notGenerator.err().contains("--from " + teacher) && notGenerator.err().contains("generator.json"), notGenerator.err());
        Cli missingPairs = grow("--out", shared.resolve("bad3").toString(), "--pairs", shared.resolve("no-pairs").toString());
        assertEquals(2, missingPairs.status(), missingPairs.toString());
        assertTrue(missingPairs.err().contains("--pairs " + shared.resolve("no-pairs")), missingPairs.err());
        Cli noFrom = Cli.run("grow", "--resolution", "16", "--out", shared.resolve("bad4").toString());
        assertEquals(2, noFrom.status(), noFrom.toString());
        assertTrue(noFrom.err().contains("--from"), noFrom.err());
        for (Cli c : new Cli[] {wrong, notGenerator, missingPairs, noFrom}) {
            assertEquals(1, c.err().strip().lines().filter(l -> l.startsWith("pagoda")).count(), c.err());
            assertTrue(!c.err().contains("Exception"), c.err());
        }
    }

    @Test
    void upsampleBringsAnImageSetToTheResolution() throws IOException {
        Path in = shared.resolve("small.safetensors");
        assertEquals(0, Cli.run("sample", "--generator", stage2.toString(), "--n", "2", "--out", shared.resolve("s.png").toString(),
                "--samples", in.toString()).status());
        Path out = shared.resolve("up.safetensors");
        Cli u = Cli.run("upsample", "--in", in.toString(), "--resolution", "32", "--out", out.toString());
        assertEquals(0, u.status(), u.toString());
        JsonObject j = JsonParser.parseString(u.out().strip()).getAsJsonObject();
        assertEquals(TinyTeacher.RESOLUTION, j.get("from").getAsInt());
        try (SafeTensors st = SafeTensors.open(out)) {
            Tensor t = st.readTensor("images", Backends.cpu());
            assertArrayEquals(new int[] {2, 3, 32, 32}, t.shape());
        }
    }
}
