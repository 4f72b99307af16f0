package pagoda.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.train.CheckpointStore;
import pagoda.train.LogEntry;
import pagoda.train.NonFiniteException;
import pagoda.train.StopSignal;
import pagoda.train.TrainLog;

/** What a decoder run writes, what it logs, and how a NaN stops it. */
class TrainerTest {
    @TempDir
    Path tmp;

    @Test
    void writesGridsCurvesLogAndALoadableGenerator() throws IOException {
        Path dir = tmp.resolve("run");
        DecoderRun run = Tiny.run(dir, 0, Tiny.options(8, 8, Map.of("grid_every", 8L)));
        DecoderTrainer.Result r = Tiny.trainer(run, 0, StopSignal.manual()).train();
        assertEquals(2, r.step());
        for (String f : new String[] {"config.json", "generator.json", "decoder.json", "model.safetensors", "log.jsonl",
            "loss.png", "gan.png", "reconstructions/000000000008.png", "samples/000000000008.png",
            "checkpoints/checkpoint-000000000008.safetensors"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        List<LogEntry> log = TrainLog.read(dir);
        assertEquals(2, log.size());
        LogEntry last = log.getLast();
        assertTrue(last.loss() > 0, "L_rec logged");
        double lambda = last.extra().get("lambda");
        assertTrue(lambda >= AdaptiveWeight.MIN && lambda <= AdaptiveWeight.MAX, "lambda " + lambda);
        assertTrue(last.extra().get("loss_d") > 0, "L_D logged: " + last.extra());
        OneStepGenerator g = GeneratorFiles.load(dir, Tiny.CPU);
        assertInstanceOf(Generator.class, g, "a stage-2 run loads as stage 2's Generator");
        Tensor samples = new OneStepSamples(0, -1).generate(g, Tiny.CPU, 3, 3, n -> { });
        assertEquals(1f, Ops.max(Ops.abs(samples)).item() <= 1f ? 1f : 0f, "samples are clamped");
    }

    @Test
    void trainingMovesGAwayFromTheTeacherAndLowersTheReconstructionLoss() throws IOException {
        Path dir = tmp.resolve("learn");
        DecoderRun run = Tiny.run(dir, 0, Tiny.options(40, 40, Map.of("gan", false, "lr_g", 3e-3)));
        Tiny.trainer(run, 0, StopSignal.manual()).train();
        List<LogEntry> log = TrainLog.read(dir);
        assertTrue(log.getLast().loss() < log.getFirst().loss(), "L_rec falls over 10 steps: " + log.getFirst().loss()
                + " -> " + log.getLast().loss());
    }

    @Test
    void aNaNGradientStopsTheRunNamingTheParameterWithoutACheckpoint() throws IOException {
        Path dir = tmp.resolve("nan");
        DecoderRun run = Tiny.run(dir, 0, Tiny.options(16, 4, Map.of()));
        DecoderTrainer t = Tiny.trainer(run, 0, StopSignal.manual());
        int[] calls = {0};
        String poisoned = "model.enc.8x8_block0.conv0.weight";
        t.afterBackward(p -> {
            // The hook runs after G's backward and after D's: poison G's gradient in the third step.
            if (++calls[0] == 5 && p.containsKey(poisoned)) {
                Tensor g = p.get(poisoned).grad();
                p.get(poisoned).setGrad(Ops.mul(g, Float.NaN));
            }
        });
        NonFiniteException e = assertThrows(NonFiniteException.class, t::train);
        assertEquals(poisoned, e.tensor());
        assertEquals(2, e.step());
        assertTrue(e.getMessage().contains(poisoned), e.getMessage());
        assertFalse(Files.exists(dir.resolve(CheckpointStore.DIR).resolve("checkpoint-000000000012.safetensors")));
        assertTrue(Files.exists(dir.resolve(CheckpointStore.DIR).resolve("checkpoint-000000000008.safetensors")),
                "the last good checkpoint stays");
    }
}
