package pagoda.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.autograd.Parameter;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/** A NaN or infinity stops the run, naming the step and the tensor, and the last good checkpoint stays newest. */
class NonFiniteStopTest {
    @TempDir
    Path tmp;

    @Test
    void aPoisonedGradientIsNamed() throws IOException {
        Path dir = tmp.resolve("nan");
        RunFolder run = RunFolder.create(dir, TinyRun.model(0), TinyRun.train(10L * TinyRun.BATCH, TinyRun.BATCH));
        TeacherTrainer t = TinyRun.trainer(run, TinyRun.data(0), StopSignal.manual());
        String victim = "model.enc.4x4_block0.conv0.weight";
        assertTrue(t.network().namedParameters().containsKey(victim), "the tiny network has " + victim);
        int[] steps = {0};
        t.afterBackward(parameters -> {
            if (++steps[0] == 3) {
                Parameter p = parameters.get(victim);
                float[] g = p.grad().toFloatArray();
                g[g.length / 2] = Float.NaN;
                p.setGrad(Tensor.of(p.grad().backend(), g, p.grad().shape()));
            }
        });
        NonFiniteException e = assertThrows(NonFiniteException.class, t::train);
        assertEquals(2, e.step(), "steps count from 0: the third step is step 2");
        assertEquals(victim, e.tensor());
        assertTrue(e.getMessage().contains(victim) && e.getMessage().contains("1 NaN"), e.getMessage());
        assertTrue(e.getMessage().contains("step 2"), e.getMessage());
        assertTrue(Files.exists(TinyRun.checkpoint(dir, 2L * TinyRun.BATCH)), "the last good checkpoint");
        assertFalse(Files.exists(TinyRun.checkpoint(dir, 3L * TinyRun.BATCH)), "no checkpoint of the bad step");
        TeacherTrainer again = TinyRun.trainer(RunFolder.open(dir), TinyRun.data(0), StopSignal.manual());
        assertTrue(again.resume(TinyRun.quiet()));
        assertFalse(again.network().namedParameters().values().stream()
                .anyMatch(p -> NonFinite.describe(p.value()) != null), "the checkpoint's weights are finite");
    }

    @Test
    void aHugeLearningRateStopsTheRunWithinAFewSteps() throws IOException {
        Path dir = tmp.resolve("lr");
        TrainConfig cfg = TinyRun.train(20L * TinyRun.BATCH, TinyRun.BATCH)
                .with(Map.of("lr", 1e30, "lr_rampup", 0L, "grad_clip", 0.0), "test");
        TeacherTrainer t = TinyRun.trainer(RunFolder.create(dir, TinyRun.model(0), cfg), TinyRun.data(0), StopSignal.manual());
        NonFiniteException e = assertThrows(NonFiniteException.class, t::train);
        assertTrue(e.step() >= 1 && e.step() < 20, "stopped at step " + e.step());
        assertTrue(e.getMessage().startsWith("step " + e.step() + " ("), e.getMessage());
        assertFalse(e.tensor().isEmpty());
        Path last = TinyRun.checkpoint(dir, e.step() * TinyRun.BATCH);
        assertTrue(Files.exists(last), "checkpoint of the last good step " + last);
        assertFalse(Files.exists(TinyRun.checkpoint(dir, (e.step() + 1) * TinyRun.BATCH)));
    }

    @Test
    void describeCountsNaNAndInfinities() {
        Tensor t = Tensor.of(pagoda.tensor.Backends.cpu(), new float[] {1, Float.NaN, Float.POSITIVE_INFINITY, Float.NaN}, 4);
        assertEquals("2 NaN and 1 infinite of 4 elements", NonFinite.describe(t));
        assertEquals(null, NonFinite.describe(Ops.full(pagoda.tensor.Backends.cpu(), 3f, 2)));
    }
}
