package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.data.DataSpec;
import pagoda.data.ImageDataset;
import pagoda.data.Split;
import pagoda.pairs.PairImages;
import pagoda.pairs.PairManifest;
import pagoda.pairs.PairSet;
import pagoda.teacher.TinyImages;
import pagoda.teacher.TinyTeacher;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;

/** {@code pagoda encode}: shards and manifest, resuming to byte-identical files, subsets, refusals, option errors. */
class EncodeCommandTest {
    /** 9 labelled images: 18 pairs, shards of 4 (the last holds 2), batches of 3 that do not divide a shard. */
    private static final int IMAGES = 9;
    private static final Backend CPU = Backends.cpu();

    @TempDir
    static Path shared;
    static Path teacher;
    static Path otherTeacher;
    static Path data;
    static Path reference;

    @BeforeAll
    static void setUp() throws IOException {
        teacher = TinyTeacher.write(shared.resolve("teacher"), 0, 11);
        otherTeacher = TinyTeacher.write(shared.resolve("other-teacher"), 0, 12);
        data = TinyImages.write(shared.resolve("data"), IMAGES, 2, 3);
        reference = shared.resolve("reference");
        Cli r = encode(reference);
        assertEquals(0, r.status(), r.toString());
    }

    /** The encode of the reference folder into {@code out}, with options replaced by {@code overrides} (option, value, ...). */
    private static Cli encode(Path out, String... overrides) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--teacher", teacher.toString());
        options.put("--data", data.toString());
        options.put("--split", "all");
        options.put("--steps", "3");
        options.put("--batch", "3");
        options.put("--shard-size", "4");
        options.put("--threads", "2");
        options.put("--out", out.toString());
        for (int i = 0; i < overrides.length; i += 2) {
            options.put(overrides[i], overrides[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("encode"));
        options.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return Cli.run(args.toArray(String[]::new));
    }

    /** Every regular file of the folder but the lock and the data cache, by name, with its bytes. */
    private static Map<String, byte[]> outputs(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (!name.equals(".lock") && !name.startsWith("data-")) {
                    m.put(name, Files.readAllBytes(p));
                }
            }
        }
        return m;
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        Map<String, byte[]> a = outputs(expected);
        Map<String, byte[]> b = outputs(actual);
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name), b.get(name), name + " differs");
        }
    }

    @Test
    void writesTheManifestAndEveryShard() throws IOException {
        Map<String, byte[]> files = outputs(reference);
        assertEquals(List.of("manifest.json", "shard-00000.safetensors", "shard-00001.safetensors", "shard-00002.safetensors",
                "shard-00003.safetensors", "shard-00004.safetensors"), new ArrayList<>(files.keySet()));
        PairManifest m = PairManifest.read(reference);
        assertEquals(2L * IMAGES, m.pairs());
        assertEquals(2, m.shardCount(4));
        assertEquals(List.of("c0", "c1"), m.classes());
        assertEquals(3, m.levels());
    }

    @Test
    void summaryLineCountsTheWork() throws IOException {
        Path out = shared.resolve("summary");
        Cli r = encode(out);
        assertEquals(0, r.status(), r.toString());
        JsonObject j = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertEquals(2 * IMAGES, j.get("pairs").getAsInt());
        assertEquals(5, j.get("written").getAsInt());
        assertEquals(2 * IMAGES, j.get("encoded").getAsInt());
        assertTrue(j.get("images_per_s").getAsDouble() > 0);
        assertEquals(4, j.get("evaluations_per_image").getAsInt());
        assertTrue(r.err().contains("18 pairs"), r.err());
    }

    @Test
    void encodesAnEvenlySpacedSubsetThatTheFullSplitMatches() throws IOException {
        Path out = shared.resolve("subset");
        Cli r = encode(out, "--images", "4");
        assertEquals(0, r.status(), r.toString());
        PairSet subset = PairSet.open(out);
        PairSet all = PairSet.open(reference);
        assertEquals(4, subset.manifest().images());
        assertEquals(IMAGES, subset.manifest().splitImages());
        int[] images = {0, 2, 4, 6};
        for (int k = 0; k < images.length; k++) {
            for (int mirror = 0; mirror < 2; mirror++) {
                assertEquals(all.id(2 * images[k] + mirror), subset.id(2 * k + mirror), "pair " + (2 * k + mirror));
                assertEquals(mirror == 1, subset.flip(2 * k + mirror));
                assertArrayEquals(all.latent(2 * images[k] + mirror), subset.latent(2 * k + mirror), 1e-5f);
            }
        }
        ImageDataset split = ImageDataset.open(DataSpec.parse(data.toString()), TinyTeacher.RESOLUTION, Split.ALL);
        assertEquals(2, PairImages.match(subset, split).images(CPU, new int[] {0, 1}).size(0));
        assertThrows(IllegalArgumentException.class, () -> PairImages.match(subset, split.evenlySpaced(5)));
        assertEquals(0, PairManifest.read(reference).splitImages());
        Files.delete(out.resolve("shard-00001.safetensors"));
        Cli resumed = encode(out);
        assertEquals(0, resumed.status(), "resuming without --images keeps the folder's subset: " + resumed);
        assertArrayEquals(subset.latent(7), PairSet.open(out).latent(7));
    }

    @Test
    void aSubsetLargerThanTheSplitIsABadArgument() {
        Cli r = encode(shared.resolve("too-many"), "--images", Integer.toString(IMAGES + 1));
        assertEquals(Main.EXIT_BAD_ARGUMENTS, r.status(), r.toString());
        assertTrue(r.err().contains("--images " + (IMAGES + 1)) && r.err().contains("holds " + IMAGES + " images"), r.err());
    }

    @Test
    void aFinishedFolderIsLeftAsItIs() throws IOException {
        Path out = shared.resolve("finished");
        assertEquals(0, encode(out).status());
        Cli again = encode(out);
        assertEquals(0, again.status(), again.toString());
        assertEquals(0, JsonParser.parseString(again.out().strip()).getAsJsonObject().get("written").getAsInt());
        assertSameFiles(reference, out);
    }

    @Test
    void resumesAfterShardsAreLostToByteIdenticalFiles() throws IOException {
        Path out = shared.resolve("resumed");
        assertEquals(0, encode(out).status());
        Files.delete(out.resolve("shard-00002.safetensors"));
        Files.delete(out.resolve("shard-00004.safetensors"));
        Files.writeString(out.resolve(".shard-00002.safetensors.0123456789abcdef.tmp"), "half a shard");
        Cli r = encode(out);
        assertEquals(0, r.status(), r.toString());
        assertEquals(2, JsonParser.parseString(r.out().strip()).getAsJsonObject().get("written").getAsInt());
        assertSameFiles(reference, out);
    }

    @Test
    void resumingTakesTheFolderBatchAndShardSize() throws IOException {
        Path out = shared.resolve("defaults");
        assertEquals(0, encode(out).status());
        Files.delete(out.resolve("shard-00001.safetensors"));
        Cli r = Cli.run("encode", "--teacher", teacher.toString(), "--data", data.toString(), "--split", "all", "--steps", "3",
                "--threads", "1", "--out", out.toString());
        assertTrue(r.err().contains("batch 3"), "the folder's batch, not the default: " + r.err());
        assertEquals(0, r.status(), r.toString());
        assertSameFiles(reference, out);
    }

    @Test
    void aShardOfAnotherFolderIsRedone() throws IOException {
        Path out = shared.resolve("swapped");
        assertEquals(0, encode(out).status());
        Files.copy(out.resolve("shard-00000.safetensors"), out.resolve("shard-00001.safetensors"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Cli r = encode(out);
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.err().contains("redoing shard 1"), r.err());
        assertSameFiles(reference, out);
    }

    /**
     * A real kill: an encode in another JVM is killed (SIGKILL) once its first shard is on disk; the rerun must
     * give the files of an uninterrupted run.
     */
    @Test
    void resumesAfterBeingKilledToByteIdenticalFiles() throws Exception {
        Path out = shared.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "pagoda.cli.Main", "encode",
                "--teacher", teacher.toString(), "--data", data.toString(), "--split", "all", "--steps", "3", "--batch", "3",
                "--shard-size", "4", "--threads", "1", "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(shared.resolve("killed.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(out.resolve("shard-00000.safetensors")) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(out.resolve(PairManifest.FILE)), Files.readString(shared.resolve("killed.log")));
        assumeTrue(!Files.exists(out.resolve("shard-00004.safetensors")), "the encode finished before it could be killed");
        Cli r = encode(out);
        assertEquals(0, r.status(), r.toString());
        assertSameFiles(reference, out);
    }

    @Test
    void refusesAFolderMadeWithAnotherTeacher() {
        Cli r = encode(reference, "--teacher", otherTeacher.toString());
        assertEquals(Main.EXIT_BAD_ARGUMENTS, r.status(), r.toString());
        assertTrue(r.err().contains("--out") && r.err().contains("teacher.model_sha256"), r.err());
        assertFalse(r.err().contains("data.sha256"), r.err());
    }

    @Test
    void refusesAFolderMadeWithOtherDataOrAnotherGrid() throws IOException {
        Cli split = encode(reference, "--split", "train");
        assertEquals(Main.EXIT_BAD_ARGUMENTS, split.status(), split.toString());
        assertTrue(split.err().contains("data.split \"all\" vs \"train\""), split.err());
        Cli grid = encode(reference, "--steps", "4");
        assertEquals(Main.EXIT_BAD_ARGUMENTS, grid.status(), grid.toString());
        assertTrue(grid.err().contains("encoder"), grid.err());
        Path moreImages = TinyImages.write(shared.resolve("more-data"), IMAGES + 1, 2, 3);
        Cli other = encode(reference, "--data", moreImages.toString());
        assertEquals(Main.EXIT_BAD_ARGUMENTS, other.status(), other.toString());
        assertTrue(other.err().contains("data.sha256"), other.err());
        Cli batch = encode(reference, "--batch", "5");
        assertEquals(Main.EXIT_BAD_ARGUMENTS, batch.status(), batch.toString());
        assertTrue(batch.err().contains("batch 3 vs 5"), batch.err());
        assertEquals(6, outputs(reference).size(), "nothing was written");
    }

    @Test
    void refusesAFolderHoldingOtherFiles() throws IOException {
        Path out = Files.createDirectories(shared.resolve("foreign"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Cli r = encode(out);
        assertEquals(Main.EXIT_BAD_ARGUMENTS, r.status(), r.toString());
        assertTrue(r.err().contains("--out") && r.err().contains("notes.txt"), r.err());
    }

    @Test
    void badOptionsExitWithStatus2NamingTheOption() throws IOException {
        Path out = shared.resolve("never");
        String[][] cases = {
                {"--steps", "1", "--steps"},
                {"--split", "dev", "--split"},
                {"--resolution", "16", "--resolution"},
                {"--batch", "0", "--batch"},
                {"--shard-size", "-2", "--shard-size"},
        };
        for (String[] c : cases) {
            Cli r = encode(out, c[0], c[1]);
            assertEquals(Main.EXIT_BAD_ARGUMENTS, r.status(), r.toString());
            assertTrue(r.err().contains(c[2]) && r.err().lines().count() == 1, r.err());
        }
        Cli noOut = Cli.run("encode", "--teacher", teacher.toString(), "--data", data.toString());
        assertEquals(Main.EXIT_BAD_ARGUMENTS, noOut.status(), noOut.toString());
        assertTrue(noOut.err().contains("--out"), noOut.err());
        Cli noTeacher = encode(out, "--teacher", shared.resolve("nowhere").toString());
        assertEquals(Main.EXIT_BAD_ARGUMENTS, noTeacher.status(), noTeacher.toString());
        assertTrue(noTeacher.err().contains("--teacher"), noTeacher.err());
        Cli noData = encode(out, "--data", shared.resolve("no-data").toString());
        assertEquals(Main.EXIT_BAD_ARGUMENTS, noData.status(), noData.toString());
        assertTrue(noData.err().contains("--data"), noData.err());
        Cli conditional = encode(out, "--teacher", TinyTeacher.write(shared.resolve("conditional"), 5, 1).toString());
        assertEquals(Main.EXIT_BAD_ARGUMENTS, conditional.status(), conditional.toString());
        assertTrue(conditional.err().contains("--data") && conditional.err().contains("takes 5"), conditional.err());
        assertFalse(Files.exists(out.resolve(PairManifest.FILE)));
    }
}
