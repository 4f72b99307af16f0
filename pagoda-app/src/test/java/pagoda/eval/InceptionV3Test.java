package pagoda.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.DType;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensorsWriter;

class InceptionV3Test {
    private static final Backend CPU = Backends.cpu();
    private static Map<String, Tensor> random;

    @BeforeAll
    static void randomStateDict() {
        random = RandomInceptionWeights.make(CPU);
    }

    @Test
    void layoutIsTorchvisionsInceptionV3() {
        long params = 0;
        int convs = 0;
        for (Map.Entry<String, Tensor> e : random.entrySet()) {
            String k = e.getKey();
            if (k.endsWith(".conv.weight") || k.endsWith(".bn.weight") || k.endsWith(".bn.bias")) {
                params += e.getValue().numel();
            }
            convs += k.endsWith(".conv.weight") ? 1 : 0;
        }
        // torchvision's inception_v3() has 27,161,264 parameters (its model card); the auxiliary head
        // (1x1 768 -> 128, 5x5 128 -> 768, each with batch-norm weight and bias, and a 768 -> 1000
        // classifier) and the 2048 -> 1000 classifier are not part of the pool features.
        long aux = 768L * 128 + 2 * 128 + 128L * 768 * 25 + 2 * 768 + 768L * 1000 + 1000;
        long fc = 2048L * 1000 + 1000;
        assertEquals(27_161_264L, params + aux + fc);
        assertEquals(94, convs);
        assertEquals(94 * 5, random.size());
        assertArrayEquals(new int[] {32, 3, 3, 3}, random.get("Conv2d_1a_3x3.conv.weight").shape());
        assertArrayEquals(new int[] {192, 160, 7, 1}, random.get("Mixed_6c.branch7x7_3.conv.weight").shape());
        assertArrayEquals(new int[] {448, 2048, 1, 1}, random.get("Mixed_7c.branch3x3dbl_1.conv.weight").shape());
        assertArrayEquals(new int[] {384}, random.get("Mixed_7b.branch3x3_2b.bn.running_var").shape());
    }

    @Test
    void forwardAt299GivesFiniteNonNegative2048DFeatures(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("inception.safetensors");
        SafeTensorsWriter w = new SafeTensorsWriter();
        random.forEach((k, t) -> w.put(k, t, DType.F32));
        w.put("fc.weight", new float[2048 * 10], DType.F32, 10, 2048);
        w.put("Mixed_5b.branch1x1.bn.num_batches_tracked", new long[] {7}, DType.I64);
        w.write(file);
        InceptionV3 net = InceptionV3.load(StateDict.read(file, CPU), CPU);
        Tensor x = Ops.uniform(CPU, 3, 0, -1f, 1f, 2, 3, 299, 299);
        Tensor f = net.forward(x);
        assertArrayEquals(new int[] {2, InceptionV3.DIM}, f.shape());
        float[] v = f.toFloatArray();
        int positive = 0;
        for (float e : v) {
            assertTrue(Float.isFinite(e) && e >= 0, "a mean of ReLU outputs: " + e);
            positive += e > 0 ? 1 : 0;
        }
        assertTrue(positive > v.length / 4, positive + " of " + v.length + " features positive");
        // Grey images at another size take the same path (repeated to RGB, resized to 299).
        assertArrayEquals(new int[] {1, InceptionV3.DIM}, net.forward(Ops.uniform(CPU, 4, 0, -1f, 1f, 1, 1, 32, 32)).shape());
    }

    @Test
    void missingTensorIsNamedWithItsExpectedShape() {
        Map<String, Tensor> m = new LinkedHashMap<>(random);
        m.remove("Mixed_6e.branch_pool.bn.running_mean");
        WeightsException e = assertThrows(WeightsException.class, () -> InceptionV3.load(new StateDict("w.safetensors", m), CPU));
        assertTrue(e.getMessage().contains("w.safetensors") && e.getMessage().contains("'Mixed_6e.branch_pool.bn.running_mean' is missing")
                && e.getMessage().contains("[192]"), e.getMessage());
    }

    @Test
    void misShapedTensorIsNamedWithBothShapes() {
        Map<String, Tensor> m = new LinkedHashMap<>(random);
        m.put("Mixed_6b.branch7x7_2.conv.weight", Tensor.zeros(CPU, 128, 128, 7, 1));
        WeightsException e = assertThrows(WeightsException.class, () -> InceptionV3.load(new StateDict("w", m), CPU));
        assertTrue(e.getMessage().contains("'Mixed_6b.branch7x7_2.conv.weight' has shape [128, 128, 7, 1], expected [128, 128, 1, 7]"),
                e.getMessage());
    }

    @Test
    void unexpectedTensorsAreRejectedButClassifierAndAuxiliaryHeadIgnored() {
        Map<String, Tensor> m = new LinkedHashMap<>(random);
        m.put("fc.bias", Tensor.zeros(CPU, 1008));
        m.put("AuxLogits.conv0.conv.weight", Tensor.zeros(CPU, 128, 768, 1, 1));
        InceptionV3.load(new StateDict("w", m), CPU);
        m.put("Mixed_8a.branch1x1.conv.weight", Tensor.zeros(CPU, 1, 1, 1, 1));
        WeightsException e = assertThrows(WeightsException.class, () -> InceptionV3.load(new StateDict("w", m), CPU));
        assertTrue(e.getMessage().contains("Mixed_8a.branch1x1.conv.weight"), e.getMessage());
    }

    @Test
    void negativeRunningVarianceIsRejected() {
        Map<String, Tensor> m = new LinkedHashMap<>(random);
        m.put("Conv2d_2a_3x3.bn.running_var", Ops.full(CPU, -1f, 32));
        WeightsException e = assertThrows(WeightsException.class, () -> InceptionV3.load(new StateDict("w", m), CPU));
        assertTrue(e.getMessage().contains("Conv2d_2a_3x3.bn.running_var"), e.getMessage());
    }
}
