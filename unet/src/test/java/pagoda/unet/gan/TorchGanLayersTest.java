package pagoda.unet.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.autograd.Module;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.Json;
import pagoda.unet.WeightInit;

/**
 * BatchNorm2d, SnConv2d and SnLinear against torch itself (float64: torch.nn.BatchNorm2d and
 * torch.nn.utils.spectral_norm), when /usr/bin/python3 has torch; skipped otherwise. Three training
 * steps (outputs, input and parameter gradients, buffers after each step), then one evaluation pass,
 * from the same initial state. Ours runs on the float64 reference backend; the tolerance 1e-6 relative
 * covers the parameters we hold as floats (eps, momentum, M / (M - 1): relative error 2^-24 ~ 6e-8 each,
 * compounding over three running-average steps), while a wrong formula (a biased running variance, a
 * missing power-iteration step, sigma without its gradient) is off by 1e-2 or more.
 */
class TorchGanLayersTest {
    private static final Backend REF = Backends.reference();
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final int STEPS = 3;
    private static final double RTOL = 1e-6;

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsTorch() throws IOException, InterruptedException {
        boolean ok = false;
        if (Files.isExecutable(PYTHON)) {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
            ok = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
            p.destroy();
        }
        Assumptions.assumeTrue(ok, "skipped: /usr/bin/python3 cannot import torch (Debian package python3-torch)");
    }

    private static List<Double> list(Tensor t) {
        List<Double> out = new ArrayList<>();
        for (double v : t.toDoubleArray()) {
            out.add(v);
        }
        return out;
    }

    private static Tensor uniform(long seed, int... shape) {
        return Ops.uniform(REF, seed, 0, -1, 1, shape);
    }

    /** One layer's run on our side and its description for the script. */
    private record Run(Map<String, Object> spec, List<Map<String, double[]>> steps, double[] yEval) {
    }

    private static Run run(Module layer, Function<Var, Var> forward, int[] xShape, long seed, Map<String, Object> spec,
                           Map<String, String> paramGrads, List<String> buffers) {
        List<Object> xs = new ArrayList<>();
        List<Object> dys = new ArrayList<>();
        List<Map<String, double[]>> steps = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            Tensor x = Ops.mul(uniform(seed + 2 * s, xShape), 2f);
            Var xp = Var.parameter(x);
            layer.zeroGrad();
            Var y = forward.apply(xp);
            Tensor dy = uniform(seed + 2 * s + 1, y.shape());
            y.backward(dy);
            xs.add(list(x));
            dys.add(list(dy));
            Map<String, double[]> got = new LinkedHashMap<>();
            got.put("y", y.value().toDoubleArray());
            got.put("dx", xp.grad().toDoubleArray());
            paramGrads.forEach((key, name) -> got.put(key, layer.namedParameters().get(name).grad().toDoubleArray()));
            buffers.forEach(b -> got.put(b, layer.namedBuffers().get(b).toDoubleArray()));
            steps.add(got);
        }
        layer.eval();
        Tensor xEval = uniform(seed + 100, xShape);
        spec.put("xs", xs);
        spec.put("dys", dys);
        spec.put("x_eval", list(xEval));
        return new Run(spec, steps, forward.apply(Var.constant(xEval)).value().toDoubleArray());
    }

    private static Run batchNorm() {
        int[] shape = {4, 3, 3, 2};
        BatchNorm2d bn = new BatchNorm2d(REF, 3);
        Tensor gamma = Ops.uniform(REF, 1, 0, 0.5f, 1.5f, 3);
        Tensor beta = uniform(2, 3);
        bn.namedParameters().get("weight").setValue(gamma);
        bn.namedParameters().get("bias").setValue(beta);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("shape", List.of(4, 3, 3, 2));
        spec.put("weight", list(gamma));
        spec.put("bias", list(beta));
        return run(bn, bn::forward, shape, 10, spec, Map.of("dweight", "weight", "dbias", "bias"),
                List.of("running_mean", "running_var"));
    }

    private static Run spectral(Module layer, Function<Var, Var> forward, String kind, int[] wShape, int stride, int padding,
                                int[] xShape, long seed) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("kind", kind);
        List<Integer> ws = new ArrayList<>();
        for (int d : wShape) {
            ws.add(d);
        }
        spec.put("wshape", ws);
        spec.put("stride", stride);
        spec.put("padding", padding);
        Map<String, Object> state = new LinkedHashMap<>();
        layer.stateDict().forEach((name, t) -> state.put(name, list(t)));
        spec.put("state", state);
        List<Integer> xs = new ArrayList<>();
        for (int d : xShape) {
            xs.add(d);
        }
        spec.put("xshape", xs);
        return run(layer, forward, xShape, seed, spec, Map.of("dweight_orig", "weight_orig", "dbias", "bias"),
                List.of("weight_u", "weight_v"));
    }

    @Test
    void layersMatchTorch() throws IOException, InterruptedException {
        Run bn = batchNorm();
        SnConv2d conv = new SnConv2d(new WeightInit(REF, 3), 3, 5, 4, 2, 1, true);
        Run snConv = spectral(conv, conv::forward, "conv", new int[] {5, 3, 4, 4}, 2, 1, new int[] {2, 3, 8, 8}, 30);
        SnLinear lin = new SnLinear(new WeightInit(REF, 4), 6, 4, true);
        Run snLinear = spectral(lin, lin::forward, "linear", new int[] {4, 6}, 1, 0, new int[] {5, 6}, 50);
        Map<?, ?> torch = runTorch(Map.of("bn", bn.spec(), "sn", List.of(snConv.spec(), snLinear.spec())));
        compare("BatchNorm2d", bn, (Map<?, ?>) torch.get("bn"));
        List<?> sn = (List<?>) torch.get("sn");
        compare("SnConv2d", snConv, (Map<?, ?>) sn.get(0));
        compare("SnLinear", snLinear, (Map<?, ?>) sn.get(1));
    }

    private static void compare(String layer, Run ours, Map<?, ?> torch) {
        List<?> steps = (List<?>) torch.get("steps");
        assertEquals(STEPS, steps.size());
        for (int s = 0; s < STEPS; s++) {
            Map<?, ?> want = (Map<?, ?>) steps.get(s);
            for (Map.Entry<String, double[]> e : ours.steps().get(s).entrySet()) {
                check(layer + " step " + (s + 1) + " " + e.getKey(), (List<?>) want.get(e.getKey()), e.getValue());
            }
        }
        check(layer + " evaluation output", (List<?>) torch.get("y_eval"), ours.yEval());
    }

    private static void check(String what, List<?> want, double[] got) {
        assertEquals(want.size(), got.length, what + ": length");
        for (int i = 0; i < got.length; i++) {
            double w = ((Number) want.get(i)).doubleValue();
            if (!(Math.abs(got[i] - w) <= RTOL * (1 + Math.abs(w)))) {
                fail(what + "[" + i + "]: ours " + got[i] + ", torch " + w);
            }
        }
    }

    private static Map<?, ?> runTorch(Object spec) throws IOException, InterruptedException {
        Path script = dir.resolve("torch_gan_layers.py");
        try (InputStream in = TorchGanLayersTest.class.getResourceAsStream("torch_gan_layers.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path input = dir.resolve("spec.json");
        Json.writeFile(input, spec);
        Path output = dir.resolve("torch.json");
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), input.toString())
                .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("torch_gan_layers.py did not finish within 300 s");
        }
        assertEquals(0, p.exitValue(), "torch_gan_layers.py failed");
        return (Map<?, ?>) Json.parse(Files.readString(output, StandardCharsets.UTF_8), output.toString());
    }
}
