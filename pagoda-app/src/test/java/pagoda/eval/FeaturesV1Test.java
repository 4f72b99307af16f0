package pagoda.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensors;

class FeaturesV1Test {
    private static final Backend CPU = Backends.cpu();

    @Test
    void bundledWeightsAreTheSeededSchemeRoundedToFloat16(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bundled.safetensors");
        try (InputStream in = FeaturesV1.class.getResourceAsStream(FeaturesV1.RESOURCE)) {
            assertTrue(in != null, FeaturesV1.RESOURCE + " is not on the class path");
            Files.copy(in, file);
        }
        Map<String, Tensor> seeded = FeaturesV1.seededWeights(CPU);
        try (SafeTensors st = SafeTensors.open(file)) {
            assertEquals(seeded.keySet(), new HashSet<>(st.names()));
            for (Map.Entry<String, Tensor> e : seeded.entrySet()) {
                assertEquals("F16", st.info(e.getKey()).dtype().safetensorsName());
                assertArrayEquals(e.getValue().shape(), st.info(e.getKey()).shape());
                float[] want = e.getValue().toFloatArray();
                float[] got = st.readFloats(e.getKey());
                for (int i = 0; i < want.length; i++) {
                    assertEquals(Float.float16ToFloat(Float.floatToFloat16(want[i])), got[i], 0, e.getKey() + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void seededWeightsHaveTheDocumentedScale() {
        for (Map.Entry<String, Tensor> e : FeaturesV1.seededWeights(CPU).entrySet()) {
            int[] s = e.getValue().shape();
            double std = Math.sqrt(Ops.mean(Ops.square(e.getValue())).item());
            double expected = Math.sqrt(2.0 / (s[1] * 9));
            // At least 864 draws per layer: the sample deviation is within 3 / sqrt(2 * 864) ~ 7% of sigma.
            assertEquals(expected, std, 0.08 * expected, e.getKey());
        }
    }

    @Test
    void featuresHaveTheDocumentedSizeAtAnyResolutionFrom16() throws IOException {
        FeaturesV1 net = FeaturesV1.bundled(CPU);
        assertEquals(480, net.dim());
        for (int side : new int[] {16, 28, 32, 64, 100}) {
            Tensor f = net.forward(Ops.uniform(CPU, side, 0, -1f, 1f, 2, 3, side, side));
            assertArrayEquals(new int[] {2, 480}, f.shape());
        }
    }

    @Test
    void greyImagesEqualTheirRgbRepetition() throws IOException {
        FeaturesV1 net = FeaturesV1.bundled(CPU);
        Tensor grey = Ops.uniform(CPU, 1, 0, -1f, 1f, 2, 1, 20, 20);
        assertArrayEquals(net.forward(grey).toFloatArray(), net.forward(Ops.cat(1, grey, grey, grey)).toFloatArray());
    }

    @Test
    void batchingDoesNotChangeTheFeatures() throws IOException {
        FeaturesV1 net = FeaturesV1.bundled(CPU);
        Tensor x = Ops.uniform(CPU, 2, 0, -1f, 1f, 5, 3, 32, 32);
        float[] all = FeatureExtraction.extract(net, x, 5).values();
        float[] batched = FeatureExtraction.extract(net, x, 2).values();
        for (int i = 0; i < all.length; i++) {
            // Per-sample ops only (convolution, group norm, means): batches may differ in kernel blocking, ~1e-6.
            assertEquals(all[i], batched[i], 1e-5, "feature " + i);
        }
    }

    @Test
    void rejectsTwoChannelsSmallImagesAndForeignWeights() throws IOException {
        FeaturesV1 net = FeaturesV1.bundled(CPU);
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(CPU, 1, 2, 32, 32)));
        assertTrue(c.getMessage().contains("C = 1 or 3"), c.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(CPU, 1, 3, 15, 32)));
        assertTrue(s.getMessage().contains("16x16"), s.getMessage());
        Map<String, Tensor> w = new LinkedHashMap<>(FeaturesV1.seededWeights(CPU));
        w.put("s5.conv1.weight", Tensor.zeros(CPU, 1, 1, 3, 3));
        WeightsException e = assertThrows(WeightsException.class, () -> FeaturesV1.load(new StateDict("f.safetensors", w), CPU));
        assertTrue(e.getMessage().contains("s5.conv1.weight"), e.getMessage());
    }
}
