package pagoda.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;

/** The consistency_models (guided-diffusion) weight format: key mapping, qkv layout, noise input. */
class FlavourTest {
    private static final String CONFIG = "{\"img_resolution\": 8, \"img_channels\": 3, \"label_dim\": 4, \"model_channels\": 64,"
            + " \"channel_mult\": [1, 2], \"num_blocks\": 2, \"attn_resolutions\": [8, 4], \"dropout\": 0}";

    private final Backend b = Backends.cpu();
    private final UNetConfig edm = UNetConfig.parse(JsonFields.of(Json.parse(CONFIG, "config"), "config"));

    @Test
    void edmToGuidedDiffusionAndBackIsIdentical() {
        EDMPrecond net = SyntheticFixture.randomTeacher(edm, b, 3);
        Map<String, Tensor> gd = GuidedDiffusionKeys.toGuidedDiffusion(edm, net.stateDict());
        Map<String, Tensor> back = GuidedDiffusionKeys.toEdm(edm, gd);
        EDMPrecond other = new EDMPrecond(edm, b, 4);
        back.putAll(other.namedBuffers());
        other.loadStateDict(back, true);
        net.stateDict().forEach((k, v) -> assertArrayEquals(v.toFloatArray(), other.stateDict().get(k).toFloatArray(), k));
        Tensor x = Ops.normal(b, 1, 0, 0f, 1f, 2, 3, 8, 8);
        Tensor sigma = Tensor.of(b, new float[] {0.3f, 5f}, 2);
        Tensor labels = SyntheticFixture.oneHot(b, 2, 4);
        assertArrayEquals(denoise(net, x, sigma, labels), denoise(other, x, sigma, labels));
    }

    @Test
    void guidedDiffusionNamesAndLayouts() {
        EDMPrecond net = SyntheticFixture.randomTeacher(edm, b, 3);
        Map<String, Tensor> sd = net.stateDict();
        Map<String, Tensor> gd = GuidedDiffusionKeys.toGuidedDiffusion(edm, sd);
        // 8x8: conv, 2 blocks with attention; 4x4: down, 2 blocks with attention (input_blocks 0..5)
        assertSame(sd.get("model.enc.8x8_conv.weight"), gd.get("input_blocks.0.0.weight"));
        assertSame(sd.get("model.enc.4x4_down.conv0.weight"), gd.get("input_blocks.3.0.in_layers.2.weight"));
        assertSame(sd.get("model.enc.4x4_block1.conv1.weight"), gd.get("input_blocks.5.0.out_layers.3.weight"));
        assertSame(sd.get("model.enc.4x4_block0.skip.weight"), gd.get("input_blocks.4.0.skip_connection.weight"));
        assertSame(sd.get("model.enc.4x4_block0.affine.weight"), gd.get("input_blocks.4.0.emb_layers.1.weight"));
        assertSame(sd.get("model.enc.8x8_block1.proj.weight"), gd.get("input_blocks.2.1.proj_out.weight"));
        assertSame(sd.get("model.dec.4x4_in0.norm2.weight"), gd.get("middle_block.1.norm.weight"));
        assertSame(sd.get("model.dec.4x4_in1.norm0.weight"), gd.get("middle_block.2.in_layers.0.weight"));
        // decoder 4x4: blocks 0..2 (output_blocks 0..2, with attention), the up block closes output_blocks.2
        assertSame(sd.get("model.dec.8x8_up.conv0.weight"), gd.get("output_blocks.2.2.in_layers.2.weight"));
        assertSame(sd.get("model.dec.8x8_block2.norm1.bias"), gd.get("output_blocks.5.0.out_layers.0.bias"));
        assertSame(sd.get("model.map_layer1.bias"), gd.get("time_embed.2.bias"));
        assertSame(sd.get("model.out_conv.weight"), gd.get("out.2.weight"));
        assertSame(sd.get("model.map_label.weight").transpose(0, 1), gd.get("label_emb.weight"));
        assertEquals(net.parameterCount(), gd.values().stream().mapToLong(Tensor::numel).sum());
        assertTrue(gd.keySet().stream().noneMatch(k -> k.contains("resample_filter")));

        // qkv rows: EDM [heads][64][3] -> guided-diffusion [3][heads][64] (128 channels: two heads)
        float[] e = sd.get("model.enc.4x4_block0.qkv.bias").toFloatArray();
        float[] g = gd.get("input_blocks.4.1.qkv.bias").toFloatArray();
        for (int j = 0; j < 3; j++) {
            for (int h = 0; h < 2; h++) {
                for (int c = 0; c < 64; c++) {
                    assertEquals(e[h * 192 + c * 3 + j], g[j * 128 + h * 64 + c]);
                }
            }
        }
    }

    @Test
    void guidedDiffusionOneDimensionalAttentionConvsAreRead() {
        EDMPrecond net = SyntheticFixture.randomTeacher(edm, b, 3);
        Map<String, Tensor> gd = GuidedDiffusionKeys.toGuidedDiffusion(edm, net.stateDict());
        gd.replaceAll((k, v) -> k.endsWith("qkv.weight") || k.endsWith("proj_out.weight") ? v.reshape(v.size(0), v.size(1), 1) : v);
        Map<String, Tensor> back = GuidedDiffusionKeys.toEdm(edm, gd);
        Tensor w = net.stateDict().get("model.dec.4x4_in0.qkv.weight");
        assertArrayEquals(w.toFloatArray(), back.get("model.dec.4x4_in0.qkv.weight").toFloatArray());
    }

    /** The consistency_models teacher is the EDM network fed 1000 ln(sigma) / 4. */
    @Test
    void consistencyModelsFlavourLoadsItsFilesAndScalesTheNoiseInput(@TempDir Path dir) throws IOException {
        UNetConfig cm = edm.withFlavour(Flavour.CONSISTENCY_MODELS);
        EDMPrecond source = SyntheticFixture.randomTeacher(edm, b, 9);
        EDMPrecond asCm = new EDMPrecond(cm, b, 1);
        asCm.loadStateDict(source.stateDict(), true);
        Json.writeFile(dir.resolve("config.json"), cm.toJson());
        TeacherFiles.saveWeights(asCm, dir.resolve("model.safetensors"));
        assertTrue(TeacherFiles.readTensors(dir.resolve("model.safetensors"), b).containsKey("input_blocks.0.0.weight"));
        EDMPrecond loaded = TeacherFiles.load(dir, b);
        assertEquals(cm, loaded.config());

        int n = 2;
        Tensor x = Ops.normal(b, 1, 0, 0f, 1f, n, 3, 8, 8);
        double[] sigma = {0.3, 5};
        Tensor labels = SyntheticFixture.oneHot(b, n, 4);
        float[] d = denoise(loaded, x, Tensor.ofDoubles(b, sigma, n), labels);
        // By hand: D = cSkip x + cOut F(cIn x; 1000 ln(sigma) / 4) with F the EDM-format network.
        double[] cNoise = new double[n];
        double[] cIn = new double[n];
        double[] cSkip = new double[n];
        double[] cOut = new double[n];
        for (int i = 0; i < n; i++) {
            EDMPrecond.Coefficients c = source.coefficients(sigma[i]);
            cNoise[i] = 1000 * c.cNoise();
            cIn[i] = c.cIn();
            cSkip[i] = c.cSkip();
            cOut[i] = c.cOut();
        }
        float[] f;
        try (NoGrad g = NoGrad.enter()) {
            source.eval();
            Tensor xin = Ops.mul(x, Tensor.ofDoubles(b, cIn, n, 1, 1, 1));
            f = source.model().forward(Var.constant(xin), cNoise, labels, null, 0).value().toFloatArray();
        }
        float[] xs = x.toFloatArray();
        int per = xs.length / n;
        double maxErr = 0;
        for (int i = 0; i < xs.length; i++) {
            double expected = cSkip[i / per] * xs[i] + cOut[i / per] * f[i];
            maxErr = Math.max(maxErr, Math.abs(expected - d[i]));
        }
        // Same float32 network, same inputs: only the final combination is rounded differently.
        assertTrue(maxErr < 1e-5, "max |D - by hand| = " + maxErr);
    }

    @Test
    void mismatchedGuidedDiffusionFilesAreReported() {
        EDMPrecond net = SyntheticFixture.randomTeacher(edm, b, 3);
        Map<String, Tensor> gd = GuidedDiffusionKeys.toGuidedDiffusion(edm, net.stateDict());
        gd.remove("middle_block.1.qkv.weight");
        gd.put("output_blocks.99.0.in_layers.0.weight", Tensor.zeros(b, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GuidedDiffusionKeys.toEdm(edm, gd));
        assertTrue(e.getMessage().contains("middle_block.1.qkv.weight"), e.getMessage());
    }

    private static void assertSame(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray());
    }

    private static float[] denoise(EDMPrecond net, Tensor x, Tensor sigma, Tensor labels) {
        net.eval();
        try (NoGrad g = NoGrad.enter()) {
            return net.forward(Var.constant(x), sigma, labels).value().toFloatArray();
        }
    }
}
