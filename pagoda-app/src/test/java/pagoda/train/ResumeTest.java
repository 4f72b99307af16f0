package pagoda.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped and resumed computes bit for bit what an uninterrupted run computes: N + N steps with a
 * restart give the very bytes of 2N steps, in the checkpoint (weights, EMA, Adam moments and step counts,
 * data position) and in the exported EMA weights.
 */
class ResumeTest {
    private static final int N = 3;
    private static final long HALF = N * TinyRun.BATCH;

    @TempDir
    Path tmp;

    private Path uninterrupted(int classes) throws IOException {
        Path dir = tmp.resolve("whole");
        RunFolder run = RunFolder.create(dir, TinyRun.model(classes), TinyRun.train(2 * HALF, HALF));
        TeacherTrainer.Result r = TinyRun.trainer(run, TinyRun.data(classes), StopSignal.manual()).train();
        assertEquals(TeacherTrainer.Outcome.FINISHED, r.outcome());
        assertEquals(2 * N, r.step());
        return dir;
    }

    private static Path resume(Path dir, long duration, int classes) throws IOException {
        RunFolder run = RunFolder.open(dir);
        run = run.withTrain(run.train().with(Map.of("duration", duration), "test"));
        TeacherTrainer t = TinyRun.trainer(run, TinyRun.data(classes), StopSignal.manual());
        assertTrue(t.resume(TinyRun.quiet()), "a checkpoint to resume from");
        TeacherTrainer.Result r = t.train();
        assertEquals(TeacherTrainer.Outcome.FINISHED, r.outcome());
        return dir;
    }

    private static void assertSameBytes(Path expected, Path actual) throws IOException {
        assertTrue(Files.exists(expected), expected + " missing");
        assertTrue(Files.exists(actual), actual + " missing");
        assertEquals(-1, Files.mismatch(expected, actual), actual + " differs from " + expected);
    }

    /** Guards against a vacuous comparison: the second half of training must change every kind of state. */
    private static void assertWeightsMoved(Path before, Path after) throws IOException {
        Checkpoint a = CheckpointStore.read(before, Backends.cpu());
        Checkpoint b = CheckpointStore.read(after, Backends.cpu());
        for (String prefix : new String[] {"net.", "ema.", "optim."}) {
            boolean moved = false;
            for (Map.Entry<String, Tensor> e : a.tensors().entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    moved |= !Arrays.equals(e.getValue().toFloatArray(), b.tensors().get(e.getKey()).toFloatArray());
                }
            }
            assertTrue(moved, prefix + " tensors did not change between " + before + " and " + after);
        }
        assertFalse(a.state().equals(b.state()), "the data position did not move");
    }

    @Test
    void twoHalvesEqualTheWholeByteForByte() throws IOException {
        Path whole = uninterrupted(0);
        Path halves = tmp.resolve("halves");
        RunFolder first = RunFolder.create(halves, TinyRun.model(0), TinyRun.train(HALF, HALF));
        TinyRun.trainer(first, TinyRun.data(0), StopSignal.manual()).train();
        assertSameBytes(TinyRun.checkpoint(whole, HALF), TinyRun.checkpoint(halves, HALF));
        resume(halves, 2 * HALF, 0);
        assertSameBytes(TinyRun.checkpoint(whole, 2 * HALF), TinyRun.checkpoint(halves, 2 * HALF));
        assertWeightsMoved(TinyRun.checkpoint(whole, HALF), TinyRun.checkpoint(whole, 2 * HALF));
        assertSameBytes(whole.resolve(RunFolder.MODEL), halves.resolve(RunFolder.MODEL));
    }

    @Test
    void aStopBetweenCheckpointsWritesOneAndResumesExactly() throws IOException {
        Path whole = uninterrupted(3);
        Path stopped = tmp.resolve("stopped");
        RunFolder run = RunFolder.create(stopped, TinyRun.model(3), TinyRun.train(2 * HALF, HALF));
        StopSignal stop = StopSignal.manual();
        TeacherTrainer t = TinyRun.trainer(run, TinyRun.data(3), stop);
        int[] steps = {0};
        // As Ctrl-C would: raised in the middle of step 2; the step completes, then the loop stops.
        t.afterBackward(p -> {
            if (++steps[0] == 2) {
                stop.request();
            }
        });
        TeacherTrainer.Result r = t.train();
        assertEquals(TeacherTrainer.Outcome.STOPPED, r.outcome());
        assertEquals(2, r.step());
        assertEquals(TinyRun.checkpoint(stopped, 2L * TinyRun.BATCH), r.checkpoint());
        assertFalse(Files.exists(TinyRun.checkpoint(stopped, HALF)), "no checkpoint beyond the stop");
        resume(stopped, 2 * HALF, 3);
        assertSameBytes(TinyRun.checkpoint(whole, 2 * HALF), TinyRun.checkpoint(stopped, 2 * HALF));
        assertSameBytes(whole.resolve(RunFolder.MODEL), stopped.resolve(RunFolder.MODEL));
    }

    @Test
    void theLogKeepsOneHistoryAcrossAResume() throws IOException {
        Path dir = tmp.resolve("log");
        RunFolder run = RunFolder.create(dir, TinyRun.model(0), TinyRun.train(HALF, HALF));
        TinyRun.trainer(run, TinyRun.data(0), StopSignal.manual()).train();
        resume(dir, 2 * HALF, 0);
        Map<Long, Integer> seen = new LinkedHashMap<>();
        try (TrainLog log = TrainLog.open(dir, Long.MAX_VALUE)) {
            long previous = 0;
            for (LogEntry e : log.entries()) {
                assertTrue(e.images() >= previous, "images never go back: " + log.entries());
                previous = e.images();
                seen.merge(e.images(), 1, Integer::sum);
            }
            assertEquals(2 * HALF, previous);
        }
        assertEquals(N * 2, seen.size(), "one entry per step of 4 images: " + seen);
    }
}
