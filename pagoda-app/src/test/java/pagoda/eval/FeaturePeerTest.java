package pagoda.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.DType;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensors;
import pagoda.tensor.io.SafeTensorsWriter;

/**
 * The feature networks against PyTorch twins written with torch.nn.functional
 * (src/test/python/feature_peers.py, run in float64): same weights, same images, same features. This
 * checks what random-weight tests cannot: the semantics of resizing, padding, pooling, batch-norm
 * folding and group normalisation. Skipped where Debian's python3-torch is not installed.
 */
class FeaturePeerTest {
    private static final Backend CPU = Backends.cpu();
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/test/python/feature_peers.py");

    @BeforeAll
    static void requireTorch() throws Exception {
        boolean ok = Files.isExecutable(PYTHON);
        if (ok) {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, numpy").redirectErrorStream(true).start();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        Assumptions.assumeTrue(ok, "PyTorch peer not available (/usr/bin/python3 with torch and numpy; Debian python3-torch)");
    }

    @Test
    void inceptionMatchesPyTorch(@TempDir Path dir) throws Exception {
        Map<String, Tensor> weights = RandomInceptionWeights.make(CPU);
        InceptionV3 net = InceptionV3.load(new StateDict("random", weights), CPU);
        // 40 x 40 is upsampled to 299; 320 x 320 is downsampled without antialiasing (bilinear, 2 taps).
        compare(dir, "inception", net, weights, Ops.uniform(CPU, 1, 0, -1f, 1f, 2, 3, 40, 40));
        compare(dir, "inception", net, weights, Ops.uniform(CPU, 2, 0, -1f, 1f, 1, 1, 320, 320));
    }

    @Test
    void featuresV1MatchesPyTorch(@TempDir Path dir) throws Exception {
        Map<String, Tensor> weights = FeaturesV1.seededWeights(CPU);
        FeaturesV1 net = FeaturesV1.load(new StateDict("seeded", weights), CPU);
        compare(dir, "features-v1", net, weights, Ops.uniform(CPU, 3, 0, -1f, 1f, 3, 1, 28, 28));
        compare(dir, "features-v1", net, weights, Ops.uniform(CPU, 4, 0, -1f, 1f, 2, 3, 64, 64));
        compare(dir, "features-v1", net, weights, Ops.uniform(CPU, 5, 0, -1f, 1f, 2, 3, 16, 16));
    }

    private static void compare(Path dir, String network, FeatureNetwork net, Map<String, Tensor> weights, Tensor images)
            throws IOException, InterruptedException {
        Path w = dir.resolve("weights.safetensors");
        Path in = dir.resolve("images.safetensors");
        Path out = dir.resolve("features.safetensors");
        SafeTensorsWriter ww = new SafeTensorsWriter();
        weights.forEach((k, t) -> ww.put(k, t, DType.F32));
        ww.write(w);
        new SafeTensorsWriter().put("images", images, DType.F32).write(in);
        Process p = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString(), network, w.toString(), in.toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0, "peer failed: " + log);
        float[] expected;
        try (SafeTensors st = SafeTensors.open(out)) {
            assertArrayEquals(new int[] {images.size(0), net.dim()}, st.info("features").shape());
            expected = st.readFloats("features");
        }
        float[] actual = net.forward(images).toFloatArray();
        double maxAbs = 0;
        double maxErr = 0;
        for (int i = 0; i < expected.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
            maxErr = Math.max(maxErr, Math.abs(expected[i] - actual[i]));
        }
        // Float32 against float64: each layer adds rounding of ~1e-7 relative (sums of up to 18,432
        // products, accumulated in blocks), and about 20 layers in sequence stay well below 1e-5; a
        // wrong pad, pool, resize or fold gives errors of order one.
        assertTrue(maxErr <= 1e-5 * maxAbs, network + " " + images + ": max error " + maxErr + " against max |feature| " + maxAbs);
    }
}
