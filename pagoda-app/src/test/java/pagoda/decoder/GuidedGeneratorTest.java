package pagoda.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.ode.GuidedDenoiser;
import pagoda.ode.SampleNoise;
import pagoda.ode.Sampler;
import pagoda.ode.SigmaGrid;
import pagoda.ode.Solver;
import pagoda.teacher.TeacherDenoiser;
import pagoda.tensor.DType;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensorsWriter;
import pagoda.unet.EDMPrecond;

/** The guided generator G(z, y, w), its guidance bank and its distillation term. */
class GuidedGeneratorTest {
    private static final int CLASSES = 3;

    @TempDir
    Path tmp;

    private static float[] sample(OneStepGenerator g, Tensor z, Tensor labels, double[] w) {
        g.train(false);
        try (NoGrad ng = NoGrad.enter()) {
            return g.forward(Var.constant(z), labels, w, 0).value().toFloatArray();
        }
    }

    private static Tensor oneHot(int... classes) {
        float[] h = new float[classes.length * CLASSES];
        for (int i = 0; i < classes.length; i++) {
            h[i * CLASSES + classes[i]] = 1;
        }
        return Tensor.of(Tiny.CPU, h, classes.length, CLASSES);
    }

    @Test
    void aFreshGuidedCopyIsTheTeacherCopyAtEveryScale() {
        EDMPrecond teacher = Tiny.teacher(CLASSES, 11);
        Generator plain = Generator.copyOf(teacher, Tiny.CPU);
        Generator guided = Generator.guidedCopyOf(teacher, Tiny.CPU, 4);
        assertTrue(guided.guided());
        assertFalse(plain.guided());
        assertEquals(plain.parameters().size() + 4, guided.parameters().size());
        Tensor z = Ops.mul(SampleNoise.latents(Tiny.CPU, 2, 0, 2, 3, Tiny.RESOLUTION, Tiny.RESOLUTION), 80f);
        Tensor y = oneHot(0, 2);
        float[] reference = sample(plain, z, y, null);
        assertArrayEquals(reference, sample(guided, z, y, null));
        assertArrayEquals(reference, sample(guided, z, y, new double[] {1, 1}));
        assertArrayEquals(reference, sample(guided, z, y, new double[] {2, 3.5}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sample(plain, z, y, new double[] {2, 2}));
        assertTrue(e.getMessage().contains("trained without guidance"), e.getMessage());
        assertArrayEquals(reference, sample(plain, z, y, new double[] {1, 1}), "w = 1 is what an unguided G computes");
    }

    @Test
    void theBankIsAFunctionOfItsSeedsWhateverTheBatch() throws IOException {
        EDMPrecond teacher = Tiny.teacher(CLASSES, 11);
        TeacherDenoiser d = new TeacherDenoiser(teacher);
        GuidanceBank a = GuidanceBank.build(d, "sha", 3, Tiny.RESOLUTION, CLASSES, Tiny.CPU, 5, 4, 3, 9, 2, n -> { });
        GuidanceBank b = GuidanceBank.build(d, "sha", 3, Tiny.RESOLUTION, CLASSES, Tiny.CPU, 5, 4, 3, 9, 5, n -> { });
        Path file = tmp.resolve("a.safetensors");
        a.write(file);
        GuidanceBank read = GuidanceBank.read(file);
        double[] w = a.guidance();
        assertArrayEquals(w, b.guidance());
        assertArrayEquals(w, read.guidance());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(a.image(i), b.image(i), "entry " + i + " made in batches of 2 and of 5");
            assertArrayEquals(a.image(i), read.image(i), "entry " + i + " after the file");
            assertTrue(w[i] >= 1 && w[i] < 4, "w_" + i + " = " + w[i]);
            assertEquals(GuidanceBank.scale(9, i, 4), w[i]);
        }
        assertFalse(Arrays.stream(w).allMatch(v -> v == w[0]), "the scales differ per entry");
        // Entry 3 alone, directly: the guided Heun sampler at its own w from the noise stream (9, 3), class 3 mod 3.
        Sampler alone = new Sampler(GuidedDenoiser.withZeroNullLabel(d, w[3], oneHot(0)), SigmaGrid.karras(3), Solver.HEUN);
        float[] direct = Ops.clamp(alone.generate(Tiny.CPU, 9, 3, new int[] {1, 3, Tiny.RESOLUTION, Tiny.RESOLUTION}, oneHot(0)),
                -1f, 1f).toFloatArray();
        assertArrayEquals(direct, a.image(3), 1e-5f, "per-sample scales in one batch vs the entry alone (float32 batching)");
        GuidanceBank.Batch batch = read.batch(Tiny.CPU, new int[] {3, 1});
        float[] z = batch.latents().toFloatArray();
        float[] eps = SampleNoise.latents(Tiny.CPU, 9, 3, 1, 3, Tiny.RESOLUTION, Tiny.RESOLUTION).toFloatArray();
        for (int j = 0; j < eps.length; j++) {
            assertEquals(80f * eps[j], z[j], "latent of entry 3, element " + j);
        }
        assertArrayEquals(new double[] {w[3], w[1]}, batch.guidance());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, batch.labels().toFloatArray());
    }

    @Test
    void aBadBankIsNamed() throws IOException {
        Path missing = tmp.resolve("none.safetensors");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GuidanceBank.read(missing)).getMessage()
                .contains("no such guidance bank"));
        Path noLabels = tmp.resolve("no-labels.safetensors");
        new SafeTensorsWriter().metadata("format", GuidanceBank.FORMAT)
                .put("images", new float[3 * 64], DType.F32, 1, 3, 8, 8).put("guidance", new double[] {2}, DType.F64, 1)
                .write(noLabels);
        assertEquals(noLabels + ": no tensor 'labels' (a guidance bank holds images, labels, guidance)",
                assertThrows(IllegalArgumentException.class, () -> GuidanceBank.read(noLabels)).getMessage());
        Path badW = tmp.resolve("bad-w.safetensors");
        new SafeTensorsWriter().metadata("format", GuidanceBank.FORMAT).metadata("seed", "1").metadata("steps", "3")
                .metadata("classes", "3").metadata("w_max", "4").metadata("teacher_sha256", "x")
                .put("images", new float[3 * 64], DType.F32, 1, 3, 8, 8).put("labels", new long[] {1}, DType.I64, 1)
                .put("guidance", new double[] {0.5}, DType.F64, 1).write(badW);
        assertEquals(badW + ": tensor 'guidance' entry 0 is 0.5, expected 1 .. 4.0",
                assertThrows(IllegalArgumentException.class, () -> GuidanceBank.read(badW)).getMessage());
    }

    /**
     * L_distill = mean (G - x)^2 against a direct computation, value and gradient: G's output is its output conv
     * plus that conv's bias, so dL/d(bias_c) = 2 sum_{n,h,w} (G - x)_{n,c,h,w} / numel.
     */
    @Test
    void theDistillationTermAndItsGradientAreTheDirectOnes() throws IOException {
        GuidanceBank bank = GuidanceBank.read(Tiny.bank(tmp.resolve("bank.safetensors"), CLASSES, 6));
        EDMPrecond teacher = Tiny.teacher(CLASSES, 11);
        Generator g = Generator.guidedCopyOf(teacher, Tiny.CPU, 4);
        // Give the guidance embedding non-zero weights, so that w matters in the check.
        Map<String, Tensor> perturbed = new java.util.LinkedHashMap<>();
        g.parameters().forEach((k, p) -> {
            if (k.contains("map_guidance")) {
                perturbed.put(k, Ops.add(p.value(), Ops.normal(Tiny.CPU, 3, k.length(), 0f, 0.1f, p.shape())));
            }
        });
        g.net().loadStateDict(perturbed, false);
        g.train(false);
        GuidedDistillation distillation = new GuidedDistillation(bank, 17);
        int[] entries = distillation.entries(2, 4);
        assertArrayEquals(entries, new GuidedDistillation(bank, 17).entries(2, 4), "the entries of a step are fixed by the seed");
        Var loss = distillation.loss(g, Tiny.CPU, 2, 4, 0);
        GuidanceBank.Batch b = bank.batch(Tiny.CPU, entries);
        float[] out = sample(g, b.latents(), b.labels(), b.guidance());
        float[] x = b.images().toFloatArray();
        double sum = 0;
        int c = 3;
        int per = Tiny.RESOLUTION * Tiny.RESOLUTION;
        double[] biasGrad = new double[c];
        for (int j = 0; j < out.length; j++) {
            double diff = out[j] - x[j];
            sum += diff * diff;
            biasGrad[(j / per) % c] += 2 * diff / out.length;
        }
        assertEquals(sum / out.length, loss.value().item(), 1e-6 * sum / out.length);
        g.net().zeroGrad();
        loss.backward();
        double[] got = g.parameters().get("model.out_conv.bias").grad().toDoubleArray();
        for (int k = 0; k < c; k++) {
            assertEquals(biasGrad[k], got[k], 1e-5 * Math.abs(biasGrad[k]) + 1e-7, "d L / d bias_" + k);
        }
        float[] atOne = sample(g, b.latents(), b.labels(), null);
        assertFalse(Arrays.equals(atOne, out), "the perturbed guidance embedding makes w matter");
    }
}
