package pagoda.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.Tensor;
import pagoda.train.Checkpoint;
import pagoda.train.CheckpointStore;
import pagoda.train.StopSignal;

/**
 * A decoder run stopped and resumed computes bit for bit what an uninterrupted run computes: N + N steps with a
 * restart give the very bytes of 2N steps, in the checkpoint (G, its EMA, D with its batch-norm statistics and
 * spectral-norm vectors, both optimisers, both data streams) and in the exported EMA weights.
 */
class ResumeTest {
    private static final int N = 2;
    private static final long HALF = N * Tiny.BATCH;

    @TempDir
    Path tmp;

    private static Path checkpoint(Path dir, long images) {
        return dir.resolve(CheckpointStore.DIR).resolve(String.format("checkpoint-%012d.safetensors", images));
    }

    private static void train(Path dir, int classes, long duration, boolean create, Map<String, Object> overrides) throws IOException {
        DecoderRun run = create ? Tiny.run(dir, classes, Tiny.options(duration, HALF, overrides))
                : DecoderRun.open(dir).withOptions(DecoderRun.open(dir).options().with(Map.of("duration", duration), "test"));
        DecoderTrainer t = Tiny.trainer(run, classes, StopSignal.manual());
        if (!create) {
            assertTrue(t.resume(Tiny.quiet()), "a checkpoint to resume from");
        }
        DecoderTrainer.Result r = t.train();
        assertEquals(DecoderTrainer.Outcome.FINISHED, r.outcome());
    }

    private static void assertSameBytes(Path expected, Path actual) throws IOException {
        assertTrue(Files.exists(expected), expected + " missing");
        assertTrue(Files.exists(actual), actual + " missing");
        assertEquals(-1, Files.mismatch(expected, actual), actual + " differs from " + expected);
    }

    /** Guards against a vacuous comparison: the second half must change every kind of state. */
    private static void assertEveryPartMoved(Path before, Path after, String... prefixes) throws IOException {
        Checkpoint a = CheckpointStore.read(before, Tiny.CPU);
        Checkpoint b = CheckpointStore.read(after, Tiny.CPU);
        for (String prefix : prefixes) {
            boolean moved = false;
            for (Map.Entry<String, Tensor> e : a.tensors().entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    moved |= !Arrays.equals(e.getValue().toFloatArray(), b.tensors().get(e.getKey()).toFloatArray());
                }
            }
            assertTrue(moved, prefix + " tensors did not change between " + before + " and " + after);
        }
        assertFalse(a.state().equals(b.state()), "the data streams did not move");
    }

    private void halvesEqualTheWhole(int classes, Map<String, Object> overrides, String... prefixes) throws IOException {
        Path whole = tmp.resolve("whole-" + classes + overrides.keySet());
        train(whole, classes, 2 * HALF, true, overrides);
        Path halves = tmp.resolve("halves-" + classes + overrides.keySet());
        train(halves, classes, HALF, true, overrides);
        assertSameBytes(checkpoint(whole, HALF), checkpoint(halves, HALF));
        train(halves, classes, 2 * HALF, false, overrides);
        assertSameBytes(checkpoint(whole, 2 * HALF), checkpoint(halves, 2 * HALF));
        assertSameBytes(whole.resolve(DecoderRun.MODEL), halves.resolve(DecoderRun.MODEL));
        assertEveryPartMoved(checkpoint(whole, HALF), checkpoint(whole, 2 * HALF), prefixes);
    }

    @Test
    void withTheGanTwoHalvesEqualTheWholeByteForByte() throws IOException {
        halvesEqualTheWhole(0, Map.of(), "g.", "ema.", "d.", "optim_g.", "optim_d.");
    }

    /** As Ctrl-C would: raised in the middle of step 2; the step completes, a checkpoint is written, and a resume is exact. */
    @Test
    void aStopBetweenCheckpointsWritesOneAndResumesExactly() throws IOException {
        Path whole = tmp.resolve("whole-stop");
        train(whole, 0, 2 * HALF, true, Map.of());
        Path stopped = tmp.resolve("stopped");
        DecoderRun run = Tiny.run(stopped, 0, Tiny.options(2 * HALF, HALF, Map.of()));
        StopSignal stop = StopSignal.manual();
        DecoderTrainer t = Tiny.trainer(run, 0, stop);
        int[] calls = {0};
        // Two backward passes per step (G, then D): the third is step 2's G step.
        t.afterBackward(p -> {
            if (++calls[0] == 3) {
                stop.request();
            }
        });
        DecoderTrainer.Result r = t.train();
        assertEquals(DecoderTrainer.Outcome.STOPPED, r.outcome());
        assertEquals(2, r.step());
        assertEquals(checkpoint(stopped, 2L * Tiny.BATCH), r.checkpoint());
        train(stopped, 0, 2 * HALF, false, Map.of());
        assertSameBytes(checkpoint(whole, 2 * HALF), checkpoint(stopped, 2 * HALF));
        assertSameBytes(whole.resolve(DecoderRun.MODEL), stopped.resolve(DecoderRun.MODEL));
    }

    /** The guided generator: the distillation term's bank entries and the guidance embedding resume exactly too. */
    @Test
    void guidedWithTheGanTwoHalvesEqualTheWhole() throws IOException {
        Path bank = Tiny.bank(tmp.resolve("bank.safetensors"), 3, 6);
        halvesEqualTheWhole(3, Map.of("guidance_bank", bank.toString()), "g.model.map_guidance1.", "ema.model.map_guidance",
                "d.", "optim_g.", "optim_d.");
    }

    @Test
    void classConditionalWithoutTheGanTwoHalvesEqualTheWhole() throws IOException {
        halvesEqualTheWhole(3, Map.of("gan", false, "reconstruction", "pixel"), "g.", "ema.", "optim_g.");
    }
}
