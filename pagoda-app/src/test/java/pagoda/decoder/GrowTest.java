package pagoda.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.autograd.Fn;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.teacher.TinyTeacher;
import pagoda.train.Progress;
import pagoda.train.StopSignal;
import pagoda.unet.EDMPrecond;
import pagoda.unet.TeacherFiles;

/**
 * The grown generator (stage 3): a fresh growth is exactly the nearest-neighbour up-sample of the generator it grew
 * from, it keeps every weight of that generator, its frozen trunk does not move in training, it trains and resumes
 * exactly, and its run folder loads back as a grown generator.
 */
class GrowTest {
    private static final long HALF = 2L * Tiny.BATCH;

    @TempDir
    Path tmp;

    private static Tensor latents(int n, long seed) {
        return Ops.normal(Tiny.CPU, seed, 0, 0f, 80f, n, 3, Tiny.RESOLUTION, Tiny.RESOLUTION);
    }

    private static Tensor run(OneStepGenerator g, Tensor z) {
        try (NoGrad ng = NoGrad.enter()) {
            return g.forward(Var.constant(z), null, 0).value();
        }
    }

    /** Every weight of a stage perturbed, so that the next growth starts from a generator whose stages do something. */
    private static void perturbStages(GrownGenerator g, long seed) {
        Map<String, Tensor> state = g.stateDict();
        long[] offset = {0};
        state.replaceAll((name, t) -> {
            if (!name.startsWith("grow")) {
                return t;
            }
            offset[0] += 1L << 20;
            return Ops.add(t, Ops.normal(Tiny.CPU, seed, offset[0], 0f, 0.05f, t.shape()));
        });
        g.loadStateDict(state);
    }

    @Test
    void aFreshGrowthIsExactlyTheNearestUpsampleOfTheGeneratorItGrewFrom() {
        Generator stage2 = Generator.copyOf(Tiny.teacher(0, 3), Tiny.CPU);
        stage2.train(false);
        GrownGenerator g16 = GrownGenerator.grow(stage2, 8, 1, Tiny.CPU);
        g16.train(false);
        Tensor z = latents(3, 4);
        Tensor x8 = run(stage2, z);
        assertTrue(Ops.max(Ops.abs(x8)).item() > 1e-3, "the stage-2 output is not trivially zero");
        assertEquals(16, g16.resolution());
        assertArrayEquals(run(Fn::upsampleNearest2x, x8).toFloatArray(), run(g16, z).toFloatArray(), 0f);

        perturbStages(g16, 9);
        Tensor x16 = run(g16, z);
        GrownGenerator g32 = GrownGenerator.grow(g16, 12, 2, Tiny.CPU);
        g32.train(false);
        assertEquals(List.of(new GrownGenerator.Stage(16, 8), new GrownGenerator.Stage(32, 12)), g32.stages());
        assertArrayEquals(run(Fn::upsampleNearest2x, x16).toFloatArray(), run(g32, z).toFloatArray(), 0f);
    }

    private static Tensor run(java.util.function.UnaryOperator<Var> f, Tensor x) {
        try (NoGrad ng = NoGrad.enter()) {
            return f.apply(Var.constant(x)).value();
        }
    }

    @Test
    void everyWeightOfThePreviousGeneratorIsCopiedTheNewOnesAreTheStages() {
        Generator stage2 = Generator.copyOf(Tiny.teacher(0, 3), Tiny.CPU);
        GrownGenerator g16 = GrownGenerator.grow(stage2, 8, 1, Tiny.CPU);
        perturbStages(g16, 5);
        GrownGenerator g32 = GrownGenerator.grow(g16, 8, 2, Tiny.CPU);
        Map<String, Tensor> before = g16.stateDict();
        Map<String, Tensor> after = g32.stateDict();
        before.forEach((name, t) -> assertArrayEquals(t.toFloatArray(), after.get(name).toFloatArray(), 0f, name));
        for (String name : after.keySet()) {
            assertTrue(before.containsKey(name) || name.startsWith("grow32."), name + " is neither copied nor the new stage's");
        }
        assertTrue(after.containsKey("model.out_conv.weight") && after.containsKey("grow32.out_conv.weight"));
        assertTrue(Ops.max(Ops.abs(after.get("grow32.up.conv0.weight"))).item() > 0, "the new blocks are initialised");
        assertEquals(0f, Ops.max(Ops.abs(after.get("grow32.out_conv.weight"))).item(), "the new output conv starts at zero");
    }

    @Test
    void theReferenceBoundaryIsTheLastThreeBlocksOfTheSecondToLastLevel() {
        assertEquals("4x4_block0", GrownGenerator.defaultFirstTrainable(TinyTeacher.config(3, 0)));
        GrownGenerator g = GrownGenerator.grow(Generator.copyOf(Tiny.teacher(0, 3), Tiny.CPU), 8, 1, Tiny.CPU);
        List<String> trainable = g.freezeTrunk("8x8_block1");
        assertTrue(trainable.contains("model.dec.8x8_block1.conv0.weight") && trainable.contains("model.out_conv.weight")
                && trainable.contains("grow16.block1.conv1.weight"), trainable.toString());
        assertFalse(trainable.contains("model.dec.8x8_block0.conv0.weight") || trainable.contains("model.enc.8x8_conv.weight")
                || trainable.contains("model.map_layer0.weight"), trainable.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.freezeTrunk("9x9_block0"));
        assertTrue(e.getMessage().contains("9x9_block0") && e.getMessage().contains("8x8_block1"), e.getMessage());
    }

    private static DecoderTrainer trainer(DecoderRun run, StopSignal stop) throws IOException {
        EDMPrecond teacher = Tiny.teacher(0, 11);
        GrownGenerator g = GrownGenerator.grow(Generator.copyOf(teacher, Tiny.CPU), 8, run.options().seed(), Tiny.CPU);
        g.freezeTrunk("8x8_block0");
        Progress progress = new Progress(Tiny.quiet(), false, run.options().duration());
        return new DecoderTrainer(run, Tiny.pairs(10, 0, 16), teacher, g, Tiny.CPU, progress, stop, Double.POSITIVE_INFINITY);
    }

    private DecoderRun newRun(String name, long duration) throws IOException {
        Map<String, Object> o = Map.of("view", 8L, "separate_gan_step", true);
        GrownGenerator kind = GrownGenerator.grow(Generator.copyOf(Tiny.teacher(0, 11), Tiny.CPU), 8, 0, Tiny.CPU);
        return DecoderRun.create(tmp.resolve(name), Generator.configOf(TinyTeacher.config(3, 0)), Tiny.options(duration, HALF, o),
                Map.of("name", "tiny"), GeneratorFiles.kindOf(kind));
    }

    @Test
    void theFrozenTrunkDoesNotMoveTheRestDoes() throws IOException {
        DecoderTrainer t = trainer(newRun("frozen", Tiny.BATCH), StopSignal.manual());
        Map<String, Parameter> parameters = t.generator().parameters();
        Map<String, float[]> before = new LinkedHashMap<>();
        parameters.forEach((name, p) -> before.put(name, p.value().toFloatArray()));
        t.train();
        int moved = 0;
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            boolean same = java.util.Arrays.equals(before.get(e.getKey()), e.getValue().value().toFloatArray());
            if (e.getValue().isFrozen()) {
                assertTrue(same, e.getKey() + " is frozen but changed");
            } else if (!same) {
                moved++;
            }
        }
        assertTrue(parameters.get("model.enc.8x8_conv.weight").isFrozen());
        assertTrue(moved > 0 && !java.util.Arrays.equals(before.get("grow16.out_conv.weight"),
                parameters.get("grow16.out_conv.weight").value().toFloatArray()), "training moved the new output conv");
    }

    @Test
    void aGrowthRunResumesExactlyAndLoadsBackAsAGrownGenerator() throws IOException {
        DecoderRun whole = newRun("whole", 2 * HALF);
        assertEquals(DecoderTrainer.Outcome.FINISHED, trainer(whole, StopSignal.manual()).train().outcome());
        DecoderRun halves = newRun("halves", HALF);
        trainer(halves, StopSignal.manual()).train();
        DecoderRun resumed = DecoderRun.open(halves.dir()).withOptions(halves.options().with(Map.of("duration", 2 * HALF), "test"));
        DecoderTrainer t = trainer(resumed, StopSignal.manual());
        assertTrue(t.resume(Tiny.quiet()));
        t.train();
        Path name = Path.of("checkpoints", String.format("checkpoint-%012d.safetensors", 2 * HALF));
        assertEquals(-1, Files.mismatch(whole.dir().resolve(name), halves.dir().resolve(name)), "resumed checkpoint differs");
        assertEquals(-1, Files.mismatch(whole.dir().resolve(DecoderRun.MODEL), halves.dir().resolve(DecoderRun.MODEL)));

        TrainableGenerator loaded = GeneratorFiles.load(whole.dir(), Tiny.CPU);
        GrownGenerator grown = assertInstanceOf(GrownGenerator.class, loaded);
        assertEquals(List.of(new GrownGenerator.Stage(16, 8)), grown.stages());
        Map<String, Tensor> file = TeacherFiles.readTensors(whole.dir().resolve(DecoderRun.MODEL), Tiny.CPU);
        grown.stateDict().forEach((n, v) -> assertArrayEquals(file.get(n).toFloatArray(), v.toFloatArray(), 0f, n));
        assertEquals(16, run(grown, latents(2, 1)).size(3));
    }
}
