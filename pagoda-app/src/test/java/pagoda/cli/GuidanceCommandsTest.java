package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.decoder.GuidanceBank;
import pagoda.tensor.io.Json;
import pagoda.teacher.TinyImages;
import pagoda.teacher.TinyTeacher;

/**
 * The guidance commands end to end on a tiny class-conditional teacher: {@code guidance-bank},
 * {@code train-decoder --guidance-bank}, {@code sample --guidance}, {@code train-classifier} and {@code classify},
 * with their refusals.
 */
class GuidanceCommandsTest {
    @TempDir
    static Path shared;
    static Path teacher;
    static Path data;
    static Path pairs;
    static Path bank;
    static Path run;

    @BeforeAll
    static void setUp() throws IOException {
        teacher = TinyTeacher.write(shared.resolve("teacher"), 3, 11);
        data = TinyImages.write(shared.resolve("data"), 6, 3, 3);
        pairs = TinyPairs.encode(teacher, data, shared.resolve("pairs"));
        bank = shared.resolve("bank.safetensors");
        Cli b = Cli.run("guidance-bank", "--teacher", teacher.toString(), "--n", "6", "--w-max", "3", "--steps", "3", "--batch", "4",
                "--threads", "2", "--out", bank.toString());
        assertEquals(0, b.status(), b.toString());
        run = shared.resolve("run");
        Cli t = Cli.run("train-decoder", "--teacher", teacher.toString(), "--pairs", pairs.toString(), "--guidance-bank",
                bank.toString(), "--batch", "4", "--log-every", "4", "--checkpoint-every", "4", "--grid-every", "0",
                "--disc-width", "8", "--threads", "2", "--duration", "8", "--out", run.toString());
        assertEquals(0, t.status(), t.toString());
    }

    @Test
    void theBankRecordsItsTeacherAndTheRunItsBank() throws IOException {
        GuidanceBank b = GuidanceBank.read(bank);
        assertEquals(6, b.size());
        assertEquals(3.0, b.wMax());
        assertEquals(Json.readObject(teacher.resolve("config.json")).getInt("label_dim"), b.classes());
        assertTrue(Json.readObject(run.resolve("config.json")).getBoolean("guidance_embedding"));
        assertEquals(bank.toAbsolutePath().toString(), Json.readObject(run.resolve("decoder.json")).getString("guidance_bank"));
        String log = Files.readString(run.resolve("log.jsonl"));
        assertTrue(log.contains("\"loss_distill\""), log);
    }

    @Test
    void sampleTakesTheScaleOfAGuidedGeneratorOnly() {
        Path one = shared.resolve("w1.safetensors");
        Path three = shared.resolve("w3.safetensors");
        Cli a = Cli.run("sample", "--generator", run.toString(), "--n", "3", "--guidance", "1", "--threads", "2",
                "--out", shared.resolve("w1.png").toString(), "--samples", one.toString());
        assertEquals(0, a.status(), a.toString());
        Cli b = Cli.run("sample", "--generator", run.toString(), "--n", "3", "--guidance", "3", "--threads", "2",
                "--out", shared.resolve("w3.png").toString(), "--samples", three.toString());
        assertEquals(0, b.status(), b.toString());
        Cli nan = Cli.run("sample", "--generator", run.toString(), "--guidance", "NaN", "--out", shared.resolve("x.png").toString());
        assertEquals(2, nan.status(), nan.toString());
        assertTrue(nan.err().contains("--guidance NaN: expected a finite number"), nan.err());
    }

    @Test
    void anUnguidedGeneratorRefusesAScale() {
        Path plain = shared.resolve("plain");
        Cli t = Cli.run("train-decoder", "--teacher", teacher.toString(), "--pairs", pairs.toString(), "--batch", "4",
                "--no-gan", "--grid-every", "0", "--threads", "2", "--duration", "4", "--out", plain.toString());
        assertEquals(0, t.status(), t.toString());
        Cli r = Cli.run("sample", "--generator", plain.toString(), "--guidance", "2", "--out", shared.resolve("p.png").toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("was trained without guidance"), r.err());
    }

    @Test
    void badBankInputGivesOneClearLine() throws IOException {
        Path other = TinyTeacher.write(shared.resolve("other"), 3, 12);
        Path otherBank = shared.resolve("other-bank.safetensors");
        assertEquals(0, Cli.run("guidance-bank", "--teacher", other.toString(), "--n", "2", "--steps", "2", "--threads", "2",
                "--out", otherBank.toString()).status());
        Cli wrongTeacher = Cli.run("train-decoder", "--teacher", teacher.toString(), "--pairs", pairs.toString(), "--guidance-bank",
                otherBank.toString(), "--out", shared.resolve("x").toString());
        assertEquals(2, wrongTeacher.status(), wrongTeacher.toString());
        assertTrue(wrongTeacher.err().contains("was made by the teacher with weights SHA-256"), wrongTeacher.err());
        Cli noFile = Cli.run("train-decoder", "--teacher", teacher.toString(), "--pairs", pairs.toString(), "--guidance-bank",
                shared.resolve("none.safetensors").toString(), "--out", shared.resolve("y").toString());
        assertEquals(2, noFile.status(), noFile.toString());
        assertTrue(noFile.err().contains("no such guidance bank"), noFile.err());
        Cli weightAlone = Cli.run("train-decoder", "--teacher", teacher.toString(), "--pairs", pairs.toString(), "--distill-weight",
                "2", "--out", shared.resolve("z").toString());
        assertEquals(2, weightAlone.status(), weightAlone.toString());
        assertTrue(weightAlone.err().contains("give --guidance-bank too"), weightAlone.err());
        Path unconditional = TinyTeacher.write(shared.resolve("uncond"), 0, 11);
        Cli noClasses = Cli.run("guidance-bank", "--teacher", unconditional.toString(), "--out", shared.resolve("u.safetensors").toString());
        assertEquals(2, noClasses.status(), noClasses.toString());
        assertTrue(noClasses.err().contains("the teacher is unconditional"), noClasses.err());
        Cli badW = Cli.run("guidance-bank", "--teacher", teacher.toString(), "--w-max", "0.5", "--out", shared.resolve("w.safetensors").toString());
        assertEquals(2, badW.status(), badW.toString());
        assertTrue(badW.err().contains("--w-max 0.5: expected a finite number >= 1"), badW.err());
    }

    @Test
    void aClassifierTrainsAndScoresSamples() throws IOException {
        Path images = TinyImages.write(shared.resolve("labelled"), 60, 3, 5);
        Path dir = shared.resolve("classifier");
        Cli t = Cli.run("train-classifier", "--data", images.toString(), "--resolution", "8", "--width", "4", "--steps", "3",
                "--batch", "8", "--threads", "2", "--out", dir.toString());
        assertEquals(0, t.status(), t.toString());
        assertTrue(t.out().contains("\"test_accuracy\""), t.out());
        assertTrue(Files.isRegularFile(dir.resolve("model.safetensors")));
        Path samples = shared.resolve("cls-samples.safetensors");
        assertEquals(0, Cli.run("sample", "--generator", run.toString(), "--n", "4", "--threads", "2", "--out",
                shared.resolve("cls.png").toString(), "--samples", samples.toString()).status());
        Cli scored = Cli.run("classify", "--classifier", dir.toString(), "--samples", samples.toString());
        assertEquals(0, scored.status(), scored.toString());
        assertTrue(scored.out().contains("\"n\":4"), scored.out());
        Cli notAClassifier = Cli.run("classify", "--classifier", run.toString(), "--samples", samples.toString());
        assertEquals(2, notAClassifier.status(), notAClassifier.toString());
        assertTrue(notAClassifier.err().contains("is not a classifier folder"), notAClassifier.err());
    }
}
