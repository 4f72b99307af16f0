package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.eval.RandomInceptionWeights;
import pagoda.tensor.Backends;
import pagoda.tensor.DType;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensorsWriter;

/** {@code pagoda eval} and {@code pagoda eval recon} end to end on small files. */
class EvalCommandTest {
    private static final Gson STRICT = new GsonBuilder().setStrictness(Strictness.STRICT).create();

    @TempDir
    Path dir;

    private static JsonObject jsonLine(Cli r) {
        assertEquals(0, r.status(), r.toString());
        assertEquals(1, r.out().lines().count(), "expected one line:\n" + r.out());
        return STRICT.fromJson(r.out().strip(), JsonObject.class);
    }

    /** Smooth random images: uniform noise at 4 x 4 upsampled to {@code side}, so that sets have structure. */
    private Path samples(String name, long seed, int n, int channels, int side, float shift) throws IOException {
        Tensor coarse = Ops.uniform(Backends.cpu(), seed, 0, -0.8f, 0.8f, n, channels, 4, 4);
        Tensor images = Ops.clamp(Ops.add(NnOps.resize(coarse, side, side, ResizeFilter.BILINEAR, false), shift), -1f, 1f);
        Path file = dir.resolve(name);
        new SafeTensorsWriter().put("images", images, DType.F32).write(file);
        return file;
    }

    @Test
    void printsOneJsonLineWithEveryMetric() throws IOException {
        Path a = samples("a.safetensors", 1, 40, 3, 16, 0f);
        Path b = samples("b.safetensors", 2, 30, 1, 24, 0.3f);
        JsonObject j = jsonLine(Cli.run("eval", "--samples", b.toString(), "--real", a.toString(), "--kid-subsets", "5",
                "--threads", "2"));
        assertEquals("features-v1", j.get("features").getAsString());
        assertEquals(24, j.get("resolution").getAsInt());
        assertEquals(30, j.get("n_samples").getAsInt());
        assertEquals(40, j.get("n_real").getAsInt());
        assertTrue(j.get("fd").getAsDouble() > 0, j.toString());
        assertTrue(Double.isFinite(j.get("kid").getAsDouble()) && j.get("kid_std").getAsDouble() >= 0, j.toString());
        assertEquals(5, j.get("kid_subsets").getAsInt());
        assertEquals(30, j.get("kid_subset_size").getAsInt());
        double p = j.get("precision").getAsDouble();
        double r = j.get("recall").getAsDouble();
        assertTrue(p >= 0 && p <= 1 && r >= 0 && r <= 1, j.toString());
        assertEquals(3, j.get("k").getAsInt());
    }

    @Test
    void aSetAgainstItselfHasZeroDistanceAndFullPrecisionAndRecall() throws IOException {
        Path a = samples("a.safetensors", 3, 25, 3, 16, 0f);
        JsonObject j = jsonLine(Cli.run("eval", "--samples", a.toString(), "--real", a.toString(), "--metrics", "fd,pr"));
        // Identical features: the distance is rounding in the square root of the covariance product.
        assertEquals(0, j.get("fd").getAsDouble(), 1e-6);
        assertEquals(1.0, j.get("precision").getAsDouble());
        assertEquals(1.0, j.get("recall").getAsDouble());
        assertFalse(j.has("kid"), j.toString());
    }

    @Test
    void nLimitsBothSetsAndResolutionIsHonoured() throws IOException {
        Path a = samples("a.safetensors", 4, 30, 3, 20, 0f);
        Path b = samples("b.safetensors", 5, 30, 3, 20, 0f);
        JsonObject j = jsonLine(Cli.run("eval", "--samples", b.toString(), "--real", a.toString(), "--n", "12",
                "--resolution", "16", "--metrics", "fd"));
        assertEquals(12, j.get("n_samples").getAsInt());
        assertEquals(12, j.get("n_real").getAsInt());
        assertEquals(16, j.get("resolution").getAsInt());
    }

    @Test
    void inceptionWithSuppliedWeights() throws IOException {
        Path weights = dir.resolve("inception.safetensors");
        SafeTensorsWriter w = new SafeTensorsWriter();
        RandomInceptionWeights.make(Backends.cpu()).forEach((k, t) -> w.put(k, t, DType.F16));
        w.write(weights);
        // Two images a side keep the 299 x 299 forward passes few; the distance needs no more.
        Path a = samples("a.safetensors", 6, 2, 3, 16, 0f);
        Path b = samples("b.safetensors", 7, 2, 3, 16, 0.2f);
        JsonObject j = jsonLine(Cli.run("eval", "--samples", b.toString(), "--real", a.toString(), "--features", "inception",
                "--weights", weights.toString(), "--metrics", "fd"));
        assertEquals("inception-v3", j.get("features").getAsString());
        assertTrue(j.get("fd").getAsDouble() > 0, j.toString());
    }

    @Test
    void badArgumentsExitWith2AndNameTheOption() throws IOException {
        Path a = samples("a.safetensors", 8, 10, 3, 16, 0f);
        String[][] cases = {
                {"--metrics", "fid", "--samples", a.toString(), "--real", a.toString()},
                {"--samples", dir.resolve("missing.safetensors").toString(), "--real", a.toString()},
                {"--samples", a.toString(), "--real", "imagenet"},
                {"--samples", a.toString(), "--real", a.toString(), "--features", "inception"},
                {"--samples", a.toString(), "--real", a.toString(), "--features", "vgg"},
                {"--samples", a.toString(), "--real", a.toString(), "--resolution", "8"},
                {"--real", a.toString()},
        };
        String[] named = {"--metrics", "--samples", "--real", "--weights", "--features", "--resolution", "--samples"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 1];
            args[0] = "eval";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            Cli r = Cli.run(args);
            assertEquals(2, r.status(), r.toString());
            assertTrue(r.err().contains(named[i]) && r.err().lines().count() == 1, r.toString());
        }
    }

    @Test
    void badFilesExitWith1AndNameTheFile() throws IOException {
        Path a = samples("a.safetensors", 9, 10, 3, 16, 0f);
        Path wide = dir.resolve("wide.safetensors");
        new SafeTensorsWriter().put("images", Ops.full(Backends.cpu(), 255f, 3, 3, 16, 16), DType.F32).write(wide);
        Path other = dir.resolve("other.safetensors");
        new SafeTensorsWriter().put("x", Ops.full(Backends.cpu(), 0f, 3, 3, 16, 16), DType.F32).write(other);
        Cli r = Cli.run("eval", "--samples", wide.toString(), "--real", a.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("wide.safetensors") && r.err().contains("outside [-1, 1]"), r.toString());
        r = Cli.run("eval", "--samples", other.toString(), "--real", a.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("other.safetensors") && r.err().contains("no tensor 'images'"), r.toString());
        r = Cli.run("eval", "--samples", a.toString(), "--real", "fmnist");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("fmnist"), r.toString());
    }

    @Test
    void reconOfIdenticalAndOffsetImages() throws IOException {
        Tensor x = Ops.uniform(Backends.cpu(), 10, 0, -0.5f, 0.5f, 6, 3, 16, 16);
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        new SafeTensorsWriter().put("images", x, DType.F32).write(a);
        new SafeTensorsWriter().put("images", Ops.add(x, 0.25f), DType.F32).write(b);
        JsonObject same = jsonLine(Cli.run("eval", "recon", "--a", a.toString(), "--b", a.toString(), "--batch", "4"));
        assertTrue(same.get("psnr").isJsonNull(), same.toString());
        assertEquals(6, same.get("identical").getAsInt());
        assertEquals(1.0, same.get("ssim").getAsDouble(), 1e-6);
        JsonObject off = jsonLine(Cli.run("eval", "recon", "--a", a.toString(), "--b", b.toString(), "--batch", "4"));
        // MSE 1/16 exactly up to float rounding of x + 0.25: PSNR = 10 log10(4 * 16) = 18.0618 dB.
        assertEquals(10 * Math.log10(64), off.get("psnr").getAsDouble(), 1e-4);
        assertEquals(0.0625, off.get("mse").getAsDouble(), 1e-6);
        assertTrue(off.get("ssim").getAsDouble() < 1, off.toString());
    }

    @Test
    void pngFolderReadsAsItsPixelValuesWithAlphaOverWhite() throws IOException {
        Path pngs = Files.createDirectory(dir.resolve("pngs"));
        int n = 3;
        float[] expected = new float[n * 3 * 12 * 12];
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 12; x++) {
                    int r = (x * 20 + i) & 0xFF;
                    int g = (y * 20) & 0xFF;
                    int bl = (x * y) & 0xFF;
                    boolean transparent = x == y;
                    img.setRGB(x, y, ((transparent ? 0 : 255) << 24) | (r << 16) | (g << 8) | bl);
                    int[] rgb = transparent ? new int[] {255, 255, 255} : new int[] {r, g, bl};
                    for (int c = 0; c < 3; c++) {
                        expected[((i * 3 + c) * 12 + y) * 12 + x] = rgb[c] / 127.5f - 1f;
                    }
                }
            }
            ImageIO.write(img, "png", pngs.resolve("img" + i + ".png").toFile());
        }
        Path ref = dir.resolve("ref.safetensors");
        new SafeTensorsWriter().put("images", expected, DType.F32, n, 3, 12, 12).write(ref);
        JsonObject j = jsonLine(Cli.run("eval", "recon", "--a", pngs.toString(), "--b", ref.toString()));
        assertEquals(n, j.get("identical").getAsInt(), j.toString());
    }

    @Test
    void helpListsTheEvalCommands() {
        Cli r = Cli.run("--help");
        assertTrue(r.out().contains("eval") && r.out().contains("features"), r.toString());
        Cli e = Cli.run("eval", "--help");
        assertTrue(e.out().contains("recon") && e.out().contains("--samples"), e.toString());
    }
}
