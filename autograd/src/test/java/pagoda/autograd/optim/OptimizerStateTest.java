package pagoda.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.autograd.Module;
import pagoda.autograd.Parameter;
import pagoda.autograd.StateDictException;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensors;
import pagoda.tensor.io.SafeTensorsWriter;

/**
 * Optimiser and EMA state survive a safetensors round trip bit for bit: a restored run continues with
 * exactly the parameters of an uninterrupted one. On the float32 CPU backend, written as F32.
 */
class OptimizerStateTest {
    private static final Backend CPU = Backends.cpu();

    @TempDir
    Path dir;

    private static Map<String, Parameter> parameters(long seed) {
        Module m = new Module() {
        };
        Module layer = m.registerModule("layer", new Module() {
        });
        layer.registerParameter("weight", Ops.uniform(CPU, seed, 0, -1, 1, 4, 3));
        layer.registerParameter("bias", Ops.uniform(CPU, seed + 1, 0, -1, 1, 4));
        return m.namedParameters();
    }

    private static void setGrads(Map<String, Parameter> ps, int step) {
        int i = 0;
        for (Parameter p : ps.values()) {
            p.setGrad(Ops.uniform(CPU, 50 + i++, 1000L * step, -1, 1, p.shape()));
        }
    }

    private Map<String, Tensor> roundTrip(Map<String, Tensor> state, String file) throws IOException {
        SafeTensorsWriter w = new SafeTensorsWriter();
        state.forEach(w::put);
        Path path = dir.resolve(file);
        w.write(path);
        Map<String, Tensor> back = new LinkedHashMap<>();
        try (SafeTensors st = SafeTensors.open(path)) {
            for (String name : st.names()) {
                back.put(name, st.readTensor(name, CPU));
            }
        }
        return back;
    }

    private static void assertBitEqual(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, t) -> {
            assertArrayEquals(t.shape(), b.get(k).shape(), k);
            float[] x = t.toFloatArray();
            float[] y = b.get(k).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), k + "[" + i + "]");
            }
        });
    }

    private static Map<String, Tensor> values(Map<String, Parameter> ps) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        ps.forEach((n, p) -> out.put(n, p.value()));
        return out;
    }

    private void checkResume(String name, Function<Map<String, Parameter>, Optimizer> make) throws IOException {
        Map<String, Parameter> ps = parameters(1);
        Optimizer uninterrupted = make.apply(ps);
        for (int step = 1; step <= 3; step++) {
            setGrads(ps, step);
            uninterrupted.step();
        }
        Map<String, Tensor> saved = roundTrip(uninterrupted.state(), name + ".safetensors");
        assertBitEqual(uninterrupted.state(), saved);
        assertTrue(saved.containsKey("layer.weight.step") && saved.containsKey("layer.bias.exp_avg_sq"), saved.keySet().toString());

        Map<String, Parameter> qs = parameters(99);
        values(ps).forEach((n, v) -> qs.get(n).setValue(v.copy()));
        Optimizer resumed = make.apply(qs);
        resumed.loadState(saved);
        assertBitEqual(uninterrupted.state(), resumed.state());
        for (int step = 4; step <= 9; step++) {
            setGrads(ps, step);
            setGrads(qs, step);
            uninterrupted.step();
            resumed.step();
        }
        assertBitEqual(values(ps), values(qs));
        assertBitEqual(uninterrupted.state(), resumed.state());
    }

    @Test
    void adamResumesExactly() throws IOException {
        checkResume("adam", ps -> new Adam(ps, 1e-2, 0.9, 0.999, 1e-8, 0.01, true));
    }

    @Test
    void adamWResumesExactly() throws IOException {
        checkResume("adamw", ps -> new AdamW(ps, 1e-2));
    }

    /** Nine steps cross RAdam's rectification threshold (step 6 with beta2 = 0.999) after the restore. */
    @Test
    void radamResumesExactly() throws IOException {
        checkResume("radam", ps -> new RAdam(ps, 1e-2));
    }

    @Test
    void loadStateNamesBadKeys() {
        Map<String, Parameter> ps = parameters(1);
        Adam adam = new Adam(ps);
        setGrads(ps, 1);
        adam.step();
        Map<String, Tensor> state = new LinkedHashMap<>(adam.state());
        state.remove("layer.bias.exp_avg");
        state.put("layer.weight.exp_avg_sq", Tensor.zeros(CPU, 3, 4));
        state.put("layer.gamma.step", Tensor.scalar(CPU, 1));
        Adam fresh = new Adam(ps);
        StateDictException e = assertThrows(StateDictException.class, () -> fresh.loadState(state));
        assertEquals(List.of("layer.bias.exp_avg"), e.missing());
        assertEquals(List.of("layer.gamma.step"), e.unexpected());
        assertEquals(List.of("layer.weight.exp_avg_sq: expected [4, 3], got [3, 4]"), e.misShaped());
        assertTrue(fresh.state().isEmpty(), "nothing loaded on error");
        Map<String, Tensor> badStep = new LinkedHashMap<>(adam.state());
        badStep.put("layer.bias.step", Tensor.scalar(CPU, 2.5f));
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> fresh.loadState(badStep));
        assertTrue(s.getMessage().contains("layer.bias.step"), s.getMessage());
    }

    @Test
    void emaResumesExactly() throws IOException {
        Map<String, Parameter> ps = parameters(1);
        Ema ema = new Ema(ps);
        Adam adam = new Adam(ps, 1e-1);
        for (int step = 1; step <= 3; step++) {
            setGrads(ps, step);
            adam.step();
            ema.update(0.9);
        }
        Map<String, Tensor> saved = roundTrip(ema.state(), "ema.safetensors");
        Ema resumed = new Ema(ps);
        resumed.loadState(saved);
        for (int step = 4; step <= 6; step++) {
            setGrads(ps, step);
            adam.step();
            ema.update(0.9);
            resumed.update(0.9);
        }
        assertBitEqual(ema.state(), resumed.state());
        Map<String, Tensor> wrong = new LinkedHashMap<>(saved);
        wrong.remove("layer.bias");
        wrong.put("extra", Tensor.zeros(CPU, 1));
        StateDictException e = assertThrows(StateDictException.class, () -> resumed.loadState(wrong));
        assertEquals(List.of("layer.bias"), e.missing());
        assertEquals(List.of("extra"), e.unexpected());
    }
}
