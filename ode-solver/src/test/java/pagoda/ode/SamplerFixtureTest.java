package pagoda.ode;

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
import pagoda.ode.analytic.GaussianDenoiser;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.DType;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensorsWriter;

/** The fixture runner on synthetic cases whose answers are known, and on the real file's inputs. */
class SamplerFixtureTest {
    private static final Backend REF = Backends.reference();
    private static final double[] CLASS_VALUES = {0.5, 2.5, -3};

    @TempDir
    Path dir;

    /** D = the value of the sample's class everywhere: a linear ODE, which Euler and Heun solve exactly. */
    private static final Denoiser CLASS_CONSTANT = (x, sigma, labels) -> {
        double[] l = labels.toDoubleArray();
        int n = x.size(0);
        int per = (int) (x.numel() / n);
        double[] d = new double[(int) x.numel()];
        for (int i = 0; i < n; i++) {
            double c = 0;
            for (int k = 0; k < CLASS_VALUES.length; k++) {
                c += l[i * CLASS_VALUES.length + k] * CLASS_VALUES[k];
            }
            Arrays.fill(d, i * per, (i + 1) * per, c);
        }
        return Tensor.ofDoubles(x.backend(), d, x.shape());
    };

    private Path writeCase(int numSteps, float[] tSteps) throws IOException {
        float[] latents = SampleNoise.latents(REF, 1, 0, 3, 1, 2, 2).toFloatArray();
        float[] data = {-0.9f, -0.5f, 0, 0.3f, 0.6f, 1, -1, 0.2f, 0.4f, -0.3f, 0.8f, 0.1f};
        float[] labels = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        Path file = dir.resolve("sampler.safetensors");
        new SafeTensorsWriter().put("latents", latents, DType.F32, 3, 1, 2, 2).put("data", data, DType.F32, 3, 1, 2, 2)
                .put("class_labels", labels, DType.F32, 3, 3).put("t_steps", tSteps, DType.F32, tSteps.length)
                .metadata("num_steps", Integer.toString(numSteps)).metadata("sigma_min", "0.002")
                .metadata("sigma_max", "80").metadata("rho", "7").write(file);
        return file;
    }

    private static float[] floats(SigmaGrid grid) {
        float[] f = new float[grid.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) grid.sigma(i);
        }
        return f;
    }

    @Test
    void producesTheKnownAnswersOfALinearFlow() throws IOException {
        Path file = writeCase(6, floats(SigmaGrid.karras(6)));
        SamplerFixture.Case c = SamplerFixture.read(file, REF);
        Map<String, Tensor> out = SamplerFixture.run(CLASS_CONSTANT, c);
        assertEquals(SamplerFixture.OUTPUTS, out.keySet().stream().toList());

        double[] data = c.data().toDoubleArray();
        double stretch = c.grid().sigma(0) / c.grid().sigma(5);
        for (int j = 0; j < data.length; j++) {
            double value = CLASS_VALUES[j / 4];
            double clamped = Math.max(-1, Math.min(1, value));
            assertEquals(value, out.get("heun").toDoubleArray()[j], 1e-9, "heun ends at the class value");
            assertEquals(value, out.get("euler").toDoubleArray()[j], 1e-9, "euler ends at the class value");
            assertEquals(value + (data[j] - value) * stretch, out.get("encoded").toDoubleArray()[j], 1e-9 * stretch);
            assertEquals(clamped + (data[j] - clamped) * stretch, out.get("encoded_clamped").toDoubleArray()[j],
                    1e-9 * stretch);
        }
    }

    @Test
    void runsTheSamplersOnTheFixtureGrid() throws IOException {
        Path file = writeCase(6, floats(SigmaGrid.karras(6)));
        SamplerFixture.Case c = SamplerFixture.read(file, REF);
        GaussianDenoiser d = GaussianDenoiser.conditional(0.5, CLASS_VALUES);
        Map<String, Tensor> out = SamplerFixture.run(d, c);
        assertArrayEquals(new Sampler(d, SigmaGrid.karras(6), Solver.HEUN).generate(c.latents(), c.labels(), 0, 0)
                .toDoubleArray(), out.get("heun").toDoubleArray());
        assertFalse(Arrays.equals(out.get("heun").toDoubleArray(), out.get("euler").toDoubleArray()));

        Path written = dir.resolve("out.safetensors");
        SamplerFixture.write(out, written);
        Map<String, Double> errors = SamplerFixture.compare(out, written);
        errors.values().forEach(e -> assertTrue(e < 1e-7, "float32 round trip of the outputs: " + errors));
    }

    @Test
    void inconsistentFilesAreNamed() throws IOException {
        float[] wrong = floats(SigmaGrid.karras(6));
        wrong[2] *= 1.01f;
        Path file = writeCase(6, wrong);
        String message = assertThrows(IllegalArgumentException.class, () -> SamplerFixture.read(file, REF)).getMessage();
        assertTrue(message.contains("t_steps") && message.contains(file.toString()), message);

        Path other = writeCase(5, floats(SigmaGrid.karras(6)));
        assertThrows(IllegalArgumentException.class, () -> SamplerFixture.read(other, REF));
    }

    @Test
    void readsTheReferenceFixture() throws IOException {
        SamplerFixture.Case c = SamplerFixture.read(Fixtures.sampler(), REF);
        assertArrayEquals(new int[] {4, 3, 16, 16}, c.latents().shape());
        assertArrayEquals(new int[] {4, 10}, c.labels().shape());
        assertEquals(7, c.grid().size());
    }
}
