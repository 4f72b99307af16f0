package pagoda.autograd.optim;

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
import pagoda.autograd.Parameter;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.Json;

/**
 * Adam, AdamW and RAdam trajectories against torch.optim itself (float64), when /usr/bin/python3 has
 * torch; skipped otherwise. Same inputs and tolerance as {@link OptimizerFormulaTest}: our coefficients
 * are rounded to float, so parameters may differ by about 1e-6 of their movement; the bound is
 * {@code 1e-5 * lr * step}.
 */
class TorchOptimTest {
    private static final Backend REF = Backends.reference();
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final int STEPS = 12;

    @TempDir
    static Path dir;

    private record Case(String optimizer, Map<String, Object> kwargs, double lr, Function<Map<String, Parameter>, Optimizer> make) {
    }

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

    private static Map<String, Parameter> parameters() {
        Module m = new Module() {
        };
        m.registerParameter("p0", Ops.uniform(REF, 1, 0, -1, 1, 3));
        m.registerParameter("p1", Ops.uniform(REF, 2, 0, -1, 1, 4));
        return m.namedParameters();
    }

    private static Tensor grad(int param, int step, int... shape) {
        return Ops.mul(Ops.uniform(REF, 100 + param, 1000L * step, -1, 1, shape), 0.01f);
    }

    private static List<Double> list(Tensor t) {
        List<Double> out = new ArrayList<>();
        for (double v : t.toDoubleArray()) {
            out.add(v);
        }
        return out;
    }

    private static Map<String, Object> kwargs(double lr, double beta1, double beta2, double eps, double wd, Boolean amsgrad) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("lr", lr);
        k.put("betas", List.of(beta1, beta2));
        k.put("eps", eps);
        k.put("weight_decay", wd);
        if (amsgrad != null) {
            k.put("amsgrad", amsgrad);
        }
        return k;
    }

    @Test
    void trajectoriesMatchTorch() throws IOException, InterruptedException {
        List<Case> cases = List.of(
                new Case("Adam", kwargs(1e-2, 0.8, 0.99, 1e-3, 0.1, false), 1e-2,
                        ps -> new Adam(ps, 1e-2, 0.8, 0.99, 1e-3, 0.1, false)),
                new Case("Adam", kwargs(1e-2, 0.8, 0.99, 1e-3, 0.1, true), 1e-2,
                        ps -> new Adam(ps, 1e-2, 0.8, 0.99, 1e-3, 0.1, true)),
                new Case("AdamW", kwargs(1e-2, 0.8, 0.99, 1e-3, 0.5, false), 1e-2,
                        ps -> new AdamW(ps, 1e-2, 0.8, 0.99, 1e-3, 0.5, false)),
                new Case("RAdam", kwargs(1e-3, 0.9, 0.999, 1e-8, 0, null), 1e-3, RAdam::new),
                new Case("RAdam", kwargs(1e-2, 0.8, 0.99, 1e-3, 0.1, null), 1e-2,
                        ps -> new RAdam(ps, 1e-2, 0.8, 0.99, 1e-3, 0.1, false)));
        List<Object> specs = new ArrayList<>();
        List<List<List<double[]>>> ours = new ArrayList<>();
        for (Case c : cases) {
            Map<String, Parameter> ps = parameters();
            List<Object> initial = new ArrayList<>();
            ps.values().forEach(p -> initial.add(list(p.value())));
            Optimizer opt = c.make().apply(ps);
            List<Object> grads = new ArrayList<>();
            List<List<double[]>> trajectory = new ArrayList<>();
            for (int step = 1; step <= STEPS; step++) {
                List<Object> stepGrads = new ArrayList<>();
                int i = 0;
                for (Parameter p : ps.values()) {
                    Tensor g = grad(i++, step, p.shape());
                    p.setGrad(g);
                    stepGrads.add(list(g));
                }
                grads.add(stepGrads);
                opt.step();
                List<double[]> after = new ArrayList<>();
                ps.values().forEach(p -> after.add(p.value().toDoubleArray()));
                trajectory.add(after);
            }
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("optimizer", c.optimizer());
            spec.put("kwargs", c.kwargs());
            spec.put("params", initial);
            spec.put("grads", grads);
            specs.add(spec);
            ours.add(trajectory);
        }
        List<?> torchCases = runTorch(Map.of("cases", specs));
        assertEquals(cases.size(), torchCases.size());
        for (int c = 0; c < cases.size(); c++) {
            List<?> steps = (List<?>) torchCases.get(c);
            for (int s = 0; s < STEPS; s++) {
                List<?> params = (List<?>) steps.get(s);
                for (int p = 0; p < params.size(); p++) {
                    List<?> want = (List<?>) params.get(p);
                    double[] got = ours.get(c).get(s).get(p);
                    double tol = 1e-5 * cases.get(c).lr() * (s + 1);
                    for (int k = 0; k < got.length; k++) {
                        double w = ((Number) want.get(k)).doubleValue();
                        if (!(Math.abs(got[k] - w) <= tol)) {
                            fail(cases.get(c).optimizer() + " " + cases.get(c).kwargs() + " step " + (s + 1) + " param " + p
                                    + "[" + k + "]: ours " + got[k] + ", torch " + w);
                        }
                    }
                }
            }
        }
    }

    private static List<?> runTorch(Object spec) throws IOException, InterruptedException {
        Path script = dir.resolve("torch_optim.py");
        try (InputStream in = TorchOptimTest.class.getResourceAsStream("torch_optim.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path input = dir.resolve("spec.json");
        Json.writeFile(input, spec);
        Path output = dir.resolve("torch.json");
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), input.toString())
                .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("torch_optim.py did not finish within 300 s");
        }
        assertEquals(0, p.exitValue(), "torch_optim.py failed");
        Object parsed = Json.parse(Files.readString(output, StandardCharsets.UTF_8), output.toString());
        return (List<?>) ((Map<?, ?>) parsed).get("cases");
    }
}
