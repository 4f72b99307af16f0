package pagoda.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pagoda.tensor.Backends;
import pagoda.tensor.DType;
import pagoda.tensor.Tensor;

/**
 * Reads every file of the EDM reference fixtures and checks them against what
 * {@code shared/fixtures/README.md} states: shapes, the parameter count, and the relations between the
 * stored tensors (one-hot labels, the Karras grid, {@code data = clamp(heun, -1, 1)}).
 */
class EdmAdmTinyFixturesTest {
    /** README: "828,771 parameters", the state dict without EDM's constant resample_filter buffers. */
    private static final long PARAMETERS = 828_771;
    private static final int[] IMAGES = {4, 3, 16, 16};
    private static final int[] LABELS = {4, 10};

    private Path dir;

    /** Per test, not per class: surefire reports a class-level skip as zero tests run, hiding the reason. */
    @BeforeEach
    void locate() {
        dir = Fixtures.require("edm-adm-tiny");
    }

    private SafeTensors open(String name) throws IOException {
        return SafeTensors.open(dir.resolve(name));
    }

    private static void assertShape(SafeTensors st, String name, int... shape) {
        TensorInfo info = st.info(name);
        assertArrayEquals(shape, info.shape(), st.file() + ": " + name);
        assertEquals(DType.F32, info.dtype(), st.file() + ": " + name);
    }

    private static boolean isParameter(String name) {
        return !name.endsWith(".resample_filter");
    }

    @Test
    void everyFileLoadsCompletely() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        assertTrue(files.stream().map(f -> f.getFileName().toString()).toList().containsAll(List.of("config.json",
                "model.safetensors", "denoise.safetensors", "grads.safetensors", "edmloss.safetensors", "sampler.safetensors")),
                "files in " + dir + ": " + files);
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".json")) {
                assertTrue(Json.read(f) instanceof Map<?, ?>, f.toString());
            } else if (name.endsWith(".safetensors")) {
                try (SafeTensors st = SafeTensors.open(f)) {
                    assertTrue(st.names().size() > 0, f.toString());
                    for (String t : st.names()) {
                        float[] v = st.readFloats(t);
                        assertEquals(st.info(t).numel(), v.length, f + ": " + t);
                        for (float x : v) {
                            assertTrue(Float.isFinite(x), f + ": " + t + " holds " + x);
                        }
                        Tensor tensor = st.readTensor(t, Backends.cpu());
                        assertArrayEquals(st.info(t).shape(), tensor.shape());
                    }
                }
            } else {
                fail("unexpected fixture file " + f + "; teach this test to read it");
            }
        }
    }

    @Test
    void configMatchesTheReadme() throws IOException {
        JsonFields c = Json.readObject(dir.resolve("config.json"));
        assertEquals("edm", c.getString("precond"));
        assertEquals("DhariwalUNet", c.getString("model_type"));
        assertEquals(16, c.getInt("img_resolution"));
        assertEquals(3, c.getInt("img_channels"));
        assertEquals(10, c.getInt("label_dim"));
        assertEquals(32, c.getInt("model_channels"));
        assertArrayEquals(new int[] {1, 2}, c.getIntArray("channel_mult"));
        assertEquals(4, c.getInt("channel_mult_emb"));
        assertEquals(1, c.getInt("num_blocks"));
        assertArrayEquals(new int[] {8}, c.getIntArray("attn_resolutions"));
        assertEquals(0.5, c.getDouble("sigma_data"));
        assertEquals(0.0, c.getDouble("dropout"));
    }

    @Test
    void modelHasTheReadmeParameterCount() throws IOException {
        try (SafeTensors st = open("model.safetensors")) {
            long parameters = 0;
            int filters = 0;
            for (TensorInfo t : st.infos()) {
                if (isParameter(t.name())) {
                    parameters += t.numel();
                } else {
                    filters++;
                    assertArrayEquals(new int[] {1, 1, 2, 2}, t.shape());
                    assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, st.readFloats(t.name()),
                            "EDM's resample_filter [1, 1]: outer product over its squared sum");
                }
            }
            assertEquals(PARAMETERS, parameters);
            assertEquals(4, filters, "two down- and two up-sampling convolutions");
            assertTrue(st.names().contains("model.map_layer0.weight"));
            assertTrue(st.names().contains("model.enc.16x16_block0.conv0.weight"));
            assertTrue(st.names().contains("model.dec.8x8_in0.qkv.weight"));
        }
    }

    @Test
    void denoiseInputsAndExpectation() throws IOException {
        try (SafeTensors st = open("denoise.safetensors")) {
            assertShape(st, "x", IMAGES);
            assertShape(st, "sigma", 4);
            assertShape(st, "class_labels", LABELS);
            assertShape(st, "D", IMAGES);
            float[] sigma = st.readFloats("sigma");
            assertEquals(0.002f, sigma[0]);
            assertEquals(80f, sigma[3]);
            assertOneHot(st.readFloats("class_labels"), 10);
            float[] x = st.readFloats("x");
            ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(st.file())).order(ByteOrder.LITTLE_ENDIAN);
            long dataStart = 8 + raw.getLong(0);
            for (int i = 0; i < x.length; i++) {
                assertEquals(raw.getFloat((int) (dataStart + st.info("x").begin() + 4L * i)), x[i], "x[" + i + "]");
            }
        }
    }

    @Test
    void gradientsCoverEveryParameter() throws IOException {
        try (SafeTensors model = open("model.safetensors"); SafeTensors grads = open("grads.safetensors");
             SafeTensors loss = open("edmloss.safetensors")) {
            assertShape(grads, "cotangent", IMAGES);
            assertShape(grads, "grad.x", IMAGES);
            assertShape(loss, "images", IMAGES);
            assertShape(loss, "class_labels", LABELS);
            assertShape(loss, "rnd_normal", 4, 1, 1, 1);
            assertShape(loss, "noise", IMAGES);
            assertShape(loss, "loss", 1);
            int parameters = 0;
            for (TensorInfo p : model.infos()) {
                if (isParameter(p.name())) {
                    parameters++;
                    assertShape(grads, "grad." + p.name(), p.shape());
                    assertShape(loss, "grad." + p.name(), p.shape());
                }
            }
            assertEquals(parameters + 2, grads.names().size(), "cotangent, grad.x and one gradient per parameter");
            assertEquals(parameters + 5, loss.names().size(), "five inputs and outputs, one gradient per parameter");
            for (float v : loss.readFloats("images")) {
                assertTrue(v >= -1 && v <= 1, "images in [-1, 1]: " + v);
            }
            assertOneHot(loss.readFloats("class_labels"), 10);
        }
    }

    @Test
    void samplerGridAndOutputs() throws IOException {
        try (SafeTensors st = open("sampler.safetensors")) {
            for (String name : List.of("latents", "heun", "euler", "data", "encoded", "encoded_clamped")) {
                assertShape(st, name, IMAGES);
            }
            assertShape(st, "class_labels", LABELS);
            assertShape(st, "t_steps", 7);
            Map<String, String> meta = st.metadata();
            int n = Integer.parseInt(meta.get("num_steps"));
            double sigmaMin = Double.parseDouble(meta.get("sigma_min"));
            double sigmaMax = Double.parseDouble(meta.get("sigma_max"));
            double rho = Double.parseDouble(meta.get("rho"));
            float[] t = st.readFloats("t_steps");
            assertEquals(n + 1, t.length);
            for (int i = 0; i < n; i++) {
                double karras = Math.pow(Math.pow(sigmaMax, 1 / rho)
                        + i / (n - 1.0) * (Math.pow(sigmaMin, 1 / rho) - Math.pow(sigmaMax, 1 / rho)), rho);
                assertEquals(karras, t[i], 1e-6 * karras, "t_steps[" + i + "] (EDM eq. 5)");
            }
            assertEquals(0f, t[n]);
            float[] heun = st.readFloats("heun");
            float[] data = st.readFloats("data");
            for (int i = 0; i < heun.length; i++) {
                assertEquals(Math.clamp(heun[i], -1f, 1f), data[i], "data = clamp(heun, -1, 1) at " + i);
            }
        }
    }

    private static void assertOneHot(float[] labels, int classes) {
        for (int row = 0; row < labels.length / classes; row++) {
            int ones = 0;
            for (int c = 0; c < classes; c++) {
                float v = labels[row * classes + c];
                assertTrue(v == 0f || v == 1f, "label " + row + "," + c + " = " + v);
                ones += (int) v;
            }
            assertEquals(1, ones, "one-hot row " + row);
        }
    }
}
