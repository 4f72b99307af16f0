package pagoda.inverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;
import pagoda.decoder.Generator;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.teacher.TinyTeacher;
import pagoda.unet.EDMPrecond;

/** The latent fit on a tiny generator: it lowers its objective, leaves G alone, and its objective is the one documented. */
class LatentFitTest {
    private static final Backend CPU = Backends.cpu();

    private static Generator tiny(int classes) {
        EDMPrecond net = new EDMPrecond(TinyTeacher.config(3, classes), CPU, 7);
        Map<String, Tensor> state = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) {
            Tensor v = e.getValue();
            if (net.namedParameters().containsKey(e.getKey())) {
                v = Ops.add(v, Ops.normal(CPU, 7, offset, 0f, 0.05f, v.shape()));
                offset += 1L << 20;
            }
            state.put(e.getKey(), v);
        }
        net.loadStateDict(state, true);
        Generator g = Generator.copyOf(net, CPU);
        g.train(false);
        return g;
    }

    private static Tensor latents(int n, long seed) {
        return Ops.normal(CPU, seed, 0, 0f, 80f, n, 3, TinyTeacher.RESOLUTION, TinyTeacher.RESOLUTION);
    }

    @Test
    void theFitLowersEveryImagesObjectiveAndLeavesTheGeneratorAlone() {
        Generator g = tiny(0);
        Map<String, Tensor> before = g.net().stateDict();
        Mask a = Mask.centreSquare(CPU, TinyTeacher.RESOLUTION, 0.5);
        Tensor truth;
        try (NoGrad ng = NoGrad.enter()) {
            truth = Ops.clamp(g.forward(Var.constant(latents(3, 1)), null, 0).value(), -1f, 1f);
        }
        LatentFit.Result r = new LatentFit(30, 2.0, 0.5).run(g, a, a.apply(truth), latents(3, 2), null);
        for (int i = 0; i < 3; i++) {
            assertTrue(r.objectiveEnd()[i] < 0.9 * r.objectiveStart()[i],
                    "image " + i + ": " + r.objectiveStart()[i] + " -> " + r.objectiveEnd()[i]);
        }
        assertTrue(r.history()[r.history().length - 1] < r.history()[0]);
        for (Map.Entry<String, Tensor> e : g.net().stateDict().entrySet()) {
            assertArrayEquals(before.get(e.getKey()).toFloatArray(), e.getValue().toFloatArray(), e.getKey());
        }
        for (Parameter p : g.parameters().values()) {
            assertTrue(p.requiresGrad(), "the generator's weights are trainable again after the fit");
        }
    }

    @Test
    void theObjectiveIsTheSquaredErrorPlusTheWeightedGaussianPrior() {
        Generator g = tiny(0);
        GaussianBlur a = new GaussianBlur(CPU, 0.7);
        Tensor z = latents(2, 3);
        Tensor y = Ops.uniform(CPU, 4, 0, -1f, 1f, 2, 3, TinyTeacher.RESOLUTION, TinyTeacher.RESOLUTION);
        double w = 0.3;
        double[] e = new LatentFit(1, 1, w).perImage(g, a, y, z, null);
        Tensor out;
        try (NoGrad ng = NoGrad.enter()) {
            out = g.forward(Var.constant(z), null, 0).value();
        }
        float[] ay = a.apply(out).toFloatArray();
        float[] yv = y.toFloatArray();
        float[] zv = z.toFloatArray();
        int per = 3 * TinyTeacher.RESOLUTION * TinyTeacher.RESOLUTION;
        for (int i = 0; i < 2; i++) {
            double data = 0;
            double prior = 0;
            for (int k = i * per; k < (i + 1) * per; k++) {
                data += (ay[k] - yv[k]) * (double) (ay[k] - yv[k]);
                prior += zv[k] * (double) zv[k];
            }
            double expected = data + w * prior / (2 * 80.0 * 80.0);
            assertEquals(expected, e[i], 1e-4 * expected);
        }
    }

    @Test
    void zeroStepsGiveTheStartAndAClassConditionalGeneratorTakesLabels() {
        Generator g = tiny(3);
        Tensor z0 = latents(2, 5);
        Tensor labels = Tensor.of(CPU, new float[] {1, 0, 0, 0, 0, 1}, 2, 3);
        Greyscale a = new Greyscale(CPU);
        LatentFit.Result r = new LatentFit(0, 1, 1).run(g, a, a.apply(Ops.full(CPU, 0f, 2, 3, 8, 8)), z0, labels);
        assertArrayEquals(z0.toFloatArray(), r.latents().toFloatArray());
        Tensor expected;
        try (NoGrad ng = NoGrad.enter()) {
            expected = Ops.clamp(g.forward(Var.constant(z0), labels, 0).value(), -1f, 1f);
        }
        assertArrayEquals(expected.toFloatArray(), r.images().toFloatArray());
        assertArrayEquals(r.objectiveStart(), r.objectiveEnd());
    }
}
