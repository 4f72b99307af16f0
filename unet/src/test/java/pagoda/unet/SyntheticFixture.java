package pagoda.unet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import pagoda.autograd.Parameter;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.SafeTensorsWriter;

/**
 * Writes a fixture directory in the format of ../shared/fixtures/README.md for any config, inputs only
 * (no expected outputs: those come from another implementation of the same files). As in edm-adm-tiny,
 * every parameter is random (EDM zero-initialises several layers; here every path carries signal):
 * weights {@code sqrt(3 / fanIn) U(-1, 1)}, biases {@code 0.5 U(-1, 1)}, GroupNorm scales {@code 1 + 0.2 U(-1, 1)}
 * and shifts {@code 0.2 U(-1, 1)}. Draws come from Philox stream {@code seed}.
 */
final class SyntheticFixture {
    private SyntheticFixture() {
    }

    /** A teacher on {@code backend} with every parameter random (see the class comment). */
    static EDMPrecond randomTeacher(UNetConfig config, Backend backend, long seed) {
        EDMPrecond net = new EDMPrecond(config, backend, seed);
        long offset = 0;
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            int[] s = p.shape();
            Tensor u = Ops.uniform(backend, seed + 1, offset, -1f, 1f, s);
            offset += u.numel();
            String name = e.getKey();
            boolean norm = name.contains("norm");
            Tensor v;
            if (norm && name.endsWith(".weight")) {
                v = Ops.affine(u, 0.2f, 1f);
            } else if (norm) {
                v = Ops.mul(u, 0.2f);
            } else if (s.length == 1) {
                v = Ops.mul(u, 0.5f);
            } else {
                int fanIn = (int) (p.value().numel() / s[0]);
                v = Ops.mul(u, (float) Math.sqrt(3.0 / fanIn));
            }
            p.setValue(v);
        }
        return net;
    }

    /** Writes config.json, model.safetensors and the inputs of denoise, grads and edmloss for a batch of n. */
    static void write(Path dir, UNetConfig config, int n, long seed) throws IOException {
        Backend b = Backends.reference();
        Json.writeFile(dir.resolve("config.json"), config.toJson());
        TeacherFiles.saveWeights(randomTeacher(config, b, seed), dir.resolve("model.safetensors"));
        int c = config.imgChannels();
        int r = config.imgResolution();
        double[] sigma = new double[n];
        for (int i = 0; i < n; i++) {
            // log-spaced from 0.002 to 80, as the fixture's sigma
            sigma[i] = 0.002 * Math.pow(80 / 0.002, n == 1 ? 0.5 : i / (double) (n - 1));
        }
        Tensor sigmas = Tensor.ofDoubles(b, sigma, n);
        Tensor clean = Ops.uniform(b, seed + 2, 0, -1f, 1f, n, c, r, r);
        Tensor x = Ops.add(clean, Ops.mul(Ops.normal(b, seed + 3, 0, 0f, 1f, n, c, r, r), sigmas.reshape(n, 1, 1, 1)));
        SafeTensorsWriter denoise = new SafeTensorsWriter().put("x", x).put("sigma", sigmas);
        SafeTensorsWriter loss = new SafeTensorsWriter()
                .put("images", Ops.uniform(b, seed + 4, 0, -1f, 1f, n, c, r, r))
                .put("rnd_normal", Ops.normal(b, seed + 5, 0, 0f, 1f, n, 1, 1, 1))
                .put("noise", Ops.normal(b, seed + 6, 0, 0f, 1f, n, c, r, r));
        if (config.labelDim() > 0) {
            Tensor labels = oneHot(b, n, config.labelDim());
            denoise.put("class_labels", labels);
            loss.put("class_labels", labels);
        }
        denoise.write(dir.resolve("denoise.safetensors"));
        new SafeTensorsWriter().put("cotangent", Ops.normal(b, seed + 7, 0, 0f, 1f, n, c, r, r)).write(dir.resolve("grads.safetensors"));
        loss.write(dir.resolve("edmloss.safetensors"));
    }

    /** Sample i has class i mod labelDim. */
    static Tensor oneHot(Backend b, int n, int labelDim) {
        float[] v = new float[n * labelDim];
        for (int i = 0; i < n; i++) {
            v[i * labelDim + i % labelDim] = 1;
        }
        return Tensor.of(b, v, n, labelDim);
    }
}
