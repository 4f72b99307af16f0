package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import org.junit.jupiter.api.Test;

/** Tiny bench runs: one strictly well-formed JSON line whose numbers agree with each other. */
class BenchJsonTest {
    private static final Gson STRICT = new GsonBuilder().setStrictness(Strictness.STRICT).create();

    private static JsonObject jsonLine(Cli r) {
        assertEquals(0, r.status(), r.toString());
        assertEquals(1, r.out().lines().count(), "expected one line:\n" + r.out());
        return STRICT.fromJson(r.out().strip(), JsonObject.class);
    }

    private static void assertConsistent(JsonObject j, double flop, int reps, double peak) {
        double median = j.get("median_ms").getAsDouble();
        assertTrue(median > 0 && j.get("min_ms").getAsDouble() <= median, j.toString());
        assertEquals(reps, j.get("reps").getAsInt());
        assertEquals(flop / 1e9, j.get("gflop").getAsDouble(), 1e-5 * flop / 1e9);
        double gflops = j.get("gflops").getAsDouble();
        assertEquals(flop / (median * 1e6), gflops, 1e-4 * gflops);
        assertEquals(peak, j.get("peak_gflops").getAsDouble());
        assertEquals(gflops / peak, j.get("fraction_of_peak").getAsDouble(), 1e-4 * gflops / peak);
        assertTrue(j.get("vector_bits").getAsInt() >= 128, j.toString());
        assertEquals("pagoda-j", j.get("impl").getAsString());
    }

    @Test
    void gemm() {
        JsonObject j = jsonLine(Cli.run("bench", "gemm", "--m", "8", "--n", "12", "--k", "5", "--threads", "2",
                "--reps", "3", "--warmup-ms", "0", "--peak", "100"));
        assertEquals("gemm", j.get("bench").getAsString());
        assertEquals(8, j.get("m").getAsInt());
        assertEquals(12, j.get("n").getAsInt());
        assertEquals(5, j.get("k").getAsInt());
        assertEquals(2, j.get("threads").getAsInt());
        assertConsistent(j, 2.0 * 8 * 12 * 5, 3, 100);
    }

    @Test
    void convForwardAndBackward() {
        JsonObject j = jsonLine(Cli.run("bench", "conv", "--n", "2", "--c", "3", "--h", "6", "--w", "5", "--k", "4",
                "--stride", "2", "--backward", "--threads", "1", "--reps", "2", "--warmup-ms", "0", "--peak", "50"));
        assertEquals("conv", j.get("bench").getAsString());
        assertTrue(j.get("backward").getAsBoolean());
        assertEquals(3, j.get("p").getAsInt());
        assertEquals(3, j.get("q").getAsInt());
        assertConsistent(j, 3 * 2.0 * 2 * 4 * 3 * 9 * 3 * 3, 2, 50);
    }

    @Test
    void teacherForwardAndTrainingStep(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path config = dir.resolve("config.json");
        java.nio.file.Files.writeString(config, "{\"img_resolution\": 8, \"img_channels\": 1, \"label_dim\": 3,"
                + " \"model_channels\": 16, \"channel_mult\": [1, 2], \"num_blocks\": 1, \"attn_resolutions\": []}");
        JsonObject j = jsonLine(Cli.run("bench", "teacher", "--config", config.toString(), "--batch", "2", "--backward",
                "--threads", "1", "--reps", "2", "--warmup-ms", "0"));
        assertEquals("teacher", j.get("bench").getAsString());
        assertEquals(2, j.get("batch").getAsInt());
        double forward = j.get("forward_median_ms").getAsDouble();
        assertEquals(2 / forward * 1e3, j.get("forward_images_per_s").getAsDouble(), 1e-4 * 2 / forward * 1e3);
        double train = j.get("train_median_ms").getAsDouble();
        assertTrue(train > 0 && j.get("train_min_ms").getAsDouble() <= train, j.toString());
        assertEquals(2 / train * 1e3, j.get("train_images_per_s").getAsDouble(), 1e-4 * 2 / train * 1e3);
    }

    @Test
    void teacherWithAnUnknownConfigIsABadArgument() {
        Cli r = Cli.run("bench", "teacher", "--config", "no-such-teacher", "--batch", "2");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--config") && r.err().contains("teacher-16"), r.err());
    }

    @Test
    void peak() {
        JsonObject j = jsonLine(Cli.run("bench", "peak", "--threads", "1", "--reps", "2", "--warmup-ms", "0"));
        assertEquals("peak", j.get("bench").getAsString());
        assertEquals(2, j.get("rounds").getAsInt());
        double best = j.get("gflops").getAsDouble();
        assertTrue(best > 0 && j.get("median_gflops").getAsDouble() <= best, j.toString());
    }
}
