package pagoda.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pagoda.autograd.Fn;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;

/** The guidance-scale input (config field guidance_embedding): off by default, zero-initialised when on. */
class GuidanceEmbeddingTest {
    private final Backend b = Backends.cpu();
    private final UNetConfig plain = UNetConfig.parse(JsonFields.of(Json.parse("{\"img_resolution\": 8, \"img_channels\": 1,"
            + " \"model_channels\": 16, \"channel_mult\": [1, 2], \"num_blocks\": 1, \"attn_resolutions\": [],"
            + " \"label_dim\": 3, \"dropout\": 0}", "cfg"), "cfg"));
    private final UNetConfig guided = plain.withGuidanceEmbedding(true);
    private final Tensor x = Ops.normal(b, 1, 0, 0f, 1f, 2, 1, 8, 8);
    private final double[] noise = {0.3, -0.7};
    private final Tensor labels = Tensor.of(b, new float[] {1, 0, 0, 0, 0, 1}, 2, 3);

    private float[] f(DhariwalUNet net, double[] w) {
        net.eval();
        try (NoGrad g = NoGrad.enter()) {
            return net.forward(Var.constant(x), noise, labels, null, w, 0).value().toFloatArray();
        }
    }

    @Test
    void offByDefaultAndNotWritten() {
        assertFalse(plain.guidanceEmbedding());
        assertFalse(plain.toJson().containsKey("guidance_embedding"));
        assertEquals(true, guided.toJson().get("guidance_embedding"));
        UNetConfig back = UNetConfig.parse(JsonFields.of(Json.parse(Json.write(guided.toJson()), "back"), "back"));
        assertEquals(guided, back);
        assertFalse(plain.equals(guided));
    }

    @Test
    void zeroInitialisedSoTheNetworkIsTheOneWithoutIt() {
        DhariwalUNet without = new DhariwalUNet(plain, b, 5);
        DhariwalUNet with = new DhariwalUNet(guided, b, 5);
        Map<String, Tensor> a = without.stateDict();
        Map<String, Tensor> c = with.stateDict();
        for (Map.Entry<String, Tensor> e : a.entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), c.get(e.getKey()).toFloatArray(), e.getKey());
        }
        assertTrue(c.keySet().containsAll(java.util.List.of("map_guidance0.weight", "map_guidance0.bias",
                "map_guidance1.weight", "map_guidance1.bias")));
        assertEquals(4, c.size() - a.size());
        float[] reference = f(without, null);
        assertArrayEquals(reference, f(with, null));
        assertArrayEquals(reference, f(with, new double[] {1, 1}));
        assertArrayEquals(reference, f(with, new double[] {2.5, 4}));
    }

    @Test
    void trainableFromZeroAndThenEffective() {
        // A fresh network's output conv is zero too, so nothing upstream would get a gradient: randomise all
        // weights, then zero map_guidance1 as the initialisation does.
        DhariwalUNet net = SyntheticFixture.randomTeacher(guided, b, 7).model();
        DhariwalUNet fresh = new DhariwalUNet(guided, b, 5);
        net.loadStateDict(Map.of("map_guidance1.weight", fresh.stateDict().get("map_guidance1.weight"),
                "map_guidance1.bias", fresh.stateDict().get("map_guidance1.bias")), false);
        net.train(true);
        Var out = net.forward(Var.constant(x), noise, labels, null, new double[] {2, 3}, 0);
        Fn.sum(Fn.square(out)).backward();
        float[] grad = net.namedParameters().get("map_guidance1.weight").grad().toFloatArray();
        assertTrue(Arrays.stream(toDoubles(grad)).anyMatch(v -> v != 0), "the zero layer must receive a gradient");
        DhariwalUNet random = SyntheticFixture.randomTeacher(guided, b, 7).model();
        float[] one = f(random, null);
        assertArrayEquals(one, f(random, new double[] {1, 1}), "no scale means w = 1");
        assertFalse(Arrays.equals(one, f(random, new double[] {3, 3})));
    }

    @Test
    void badInputIsNamed() {
        DhariwalUNet without = new DhariwalUNet(plain, b, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f(without, new double[] {2, 2}));
        assertTrue(e.getMessage().contains("guidance_embedding"), e.getMessage());
        DhariwalUNet with = new DhariwalUNet(guided, b, 5);
        e = assertThrows(IllegalArgumentException.class, () -> f(with, new double[] {2}));
        assertEquals("DhariwalUNet: 1 guidance scales for a batch of 2", e.getMessage());
        JsonFields bad = JsonFields.of(Json.parse("{\"img_resolution\": 8, \"img_channels\": 1, \"guidance_embedding\": 1}", "c.json"),
                "c.json");
        assertThrows(RuntimeException.class, () -> UNetConfig.parse(bad));
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
