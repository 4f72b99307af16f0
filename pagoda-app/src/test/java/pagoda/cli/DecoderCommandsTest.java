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
import pagoda.decoder.DecoderRun;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensors;
import pagoda.teacher.TinyImages;
import pagoda.teacher.TinyTeacher;

/**
 * The stage-2 commands end to end on a tiny teacher: encode pairs, {@code train-decoder} (and its resume and
 * refusals), {@code sample --generator}, {@code reconstruct}, {@code bench sample}.
 */
class DecoderCommandsTest {
    @TempDir
    static Path shared;
    static Path teacher;
    static Path pairs;
    static Path run;

    @BeforeAll
    static void setUp() throws IOException {
        teacher = TinyTeacher.write(shared.resolve("teacher"), 0, 11);
        Path data = TinyImages.write(shared.resolve("data"), 6, 0, 3);
        pairs = TinyPairs.encode(teacher, data, shared.resolve("pairs"));
        run = shared.resolve("run");
        Cli t = train("--out", run.toString(), "--duration", "8");
        assertEquals(0, t.status(), t.toString());
    }

    private static Cli train(String... extra) {
        String[] base = {"train-decoder", "--teacher", teacher.toString(), "--pairs", pairs.toString(), "--batch", "4",
            "--log-every", "4", "--checkpoint-every", "4", "--grid-every", "8", "--grid-size", "2", "--disc-width", "8",
            "--threads", "2"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Cli.run(args);
    }

    @Test
    void aRunFolderWithEverythingAGeneratorNeeds() {
        for (String f : new String[] {"config.json", "generator.json", "decoder.json", "model.safetensors", "log.jsonl", "loss.png",
            "gan.png", "reconstructions/000000000008.png", "samples/000000000008.png"}) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
    }

    @Test
    void resumeContinuesAndRefusesOptionsThatChangeTheRun() {
        Path copy = shared.resolve("resumed");
        assertEquals(0, train("--out", copy.toString(), "--duration", "4").status());
        Cli refused = Cli.run("train-decoder", "--out", copy.toString(), "--resume", "--lr-g", "1e-3");
        assertEquals(2, refused.status(), refused.toString());
        assertTrue(refused.err().contains("--lr-g"), refused.err());
        Cli resumed = Cli.run("train-decoder", "--out", copy.toString(), "--resume", "--duration", "8", "--threads", "2");
        assertEquals(0, resumed.status(), resumed.toString());
        assertTrue(resumed.out().contains("finished at step 2"), resumed.out());
        Cli again = train("--out", copy.toString());
        assertEquals(2, again.status(), again.toString());
        assertTrue(again.err().contains("--resume"), again.err());
    }

    @Test
    void pairsOfAnotherTeacherAreRefused() throws IOException {
        Path other = TinyTeacher.write(shared.resolve("other-teacher"), 0, 12);
        Cli r = Cli.run("train-decoder", "--teacher", other.toString(), "--pairs", pairs.toString(), "--out",
                shared.resolve("other").toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("encoded by the teacher"), r.err());
        Cli missing = Cli.run("train-decoder", "--teacher", teacher.toString(), "--out", shared.resolve("none").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("--pairs"), missing.err());
    }

    @Test
    void sampleWritesAGridAndASamplesFile() throws IOException {
        Path png = shared.resolve("samples.png");
        Path file = shared.resolve("samples.safetensors");
        Cli r = Cli.run("sample", "--generator", run.toString(), "--n", "5", "--batch", "2", "--seed", "3", "--out", png.toString(),
                "--samples", file.toString(), "--threads", "2");
        assertEquals(0, r.status(), r.toString());
        assertTrue(Files.size(png) > 0);
        JsonObject j = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertEquals(5, j.get("n").getAsInt());
        assertTrue(j.get("images_per_s").getAsDouble() > 0);
        try (SafeTensors st = SafeTensors.open(file)) {
            Tensor images = st.readTensor("images", Backends.cpu());
            assertArrayEquals(new int[] {5, 3, TinyTeacher.RESOLUTION, TinyTeacher.RESOLUTION}, images.shape());
        }
        Cli classOfUnconditional = Cli.run("sample", "--generator", run.toString(), "--class", "1", "--out", png.toString());
        assertEquals(2, classOfUnconditional.status());
        Cli teacherAsGenerator = Cli.run("sample", "--generator", teacher.toString(), "--out", png.toString());
        assertEquals(2, teacherAsGenerator.status());
        assertTrue(teacherAsGenerator.err().contains(DecoderRun.GENERATOR), teacherAsGenerator.err());
    }

    @Test
    void reconstructReportsPsnrAndSsim() {
        Path png = shared.resolve("recon.png");
        Cli r = Cli.run("reconstruct", "--generator", run.toString(), "--pairs", pairs.toString(), "--out", png.toString(),
                "--threads", "2");
        assertEquals(0, r.status(), r.toString());
        JsonObject j = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertEquals(6, j.get("n").getAsInt(), "each image once, not its mirror");
        double psnr = j.get("psnr_db").getAsDouble();
        assertTrue(psnr > 0 && psnr < 100, "psnr " + psnr);
        assertTrue(Files.exists(png));
    }

    @Test
    void anExportInF16SamplesLikeTheRunWithinF16Rounding() throws IOException {
        Path exported = shared.resolve("exported");
        Cli e = Cli.run("export-generator", "--from", run.toString(), "--out", exported.toString());
        assertEquals(0, e.status(), e.toString());
        assertTrue(e.out().contains("F16"), e.out());
        Path a = shared.resolve("a.safetensors");
        Path b = shared.resolve("b.safetensors");
        assertEquals(0, Cli.run("sample", "--generator", run.toString(), "--n", "2", "--out", shared.resolve("a.png").toString(),
                "--samples", a.toString()).status());
        assertEquals(0, Cli.run("sample", "--generator", exported.toString(), "--n", "2", "--out", shared.resolve("b.png").toString(),
                "--samples", b.toString()).status());
        try (SafeTensors sa = SafeTensors.open(a); SafeTensors sb = SafeTensors.open(b)) {
            float[] x = sa.readTensor("images", Backends.cpu()).toFloatArray();
            float[] y = sb.readTensor("images", Backends.cpu()).toFloatArray();
            double worst = 0;
            for (int i = 0; i < x.length; i++) {
                worst = Math.max(worst, Math.abs(x[i] - y[i]));
            }
            // F16 keeps 11 significant bits (relative error 2^-11 per weight); through a small network and into [-1, 1]
            // the images then differ by about 1e-3. 0.02 is a loose bound that still catches wrong or missing weights.
            assertTrue(worst < 0.02, "largest difference " + worst);
        }
    }

    /** A bare name is looked up under models/ ({@code -Dpagoda.models} here), as for teachers. */
    @Test
    void aBundledGeneratorIsFoundByName() throws IOException {
        Path models = shared.resolve("models");
        assertEquals(0, Cli.run("export-generator", "--from", run.toString(), "--out", models.resolve("gen-tiny").toString()).status());
        String before = System.getProperty("pagoda.models");
        System.setProperty("pagoda.models", models.toString());
        try {
            Cli r = Cli.run("sample", "--generator", "gen-tiny", "--n", "2", "--out", shared.resolve("named.png").toString());
            assertEquals(0, r.status(), r.toString());
            Cli missing = Cli.run("sample", "--generator", "no-such-generator", "--out", shared.resolve("x.png").toString());
            assertEquals(2, missing.status());
        } finally {
            if (before == null) {
                System.clearProperty("pagoda.models");
            } else {
                System.setProperty("pagoda.models", before);
            }
        }
    }

    @Test
    void benchSamplePrintsImagesPerSecond() {
        Cli r = Cli.run("bench", "sample", "--generator", run.toString(), "--batch", "2", "--reps", "1", "--warmup-ms", "0",
                "--threads", "2");
        assertEquals(0, r.status(), r.toString());
        JsonObject j = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertEquals(2, j.get("batch").getAsInt());
        assertTrue(j.get("images_per_s").getAsDouble() > 0);
    }
}
