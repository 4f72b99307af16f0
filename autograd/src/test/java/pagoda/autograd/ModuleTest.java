package pagoda.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pagoda.autograd.GradCheck.REF;
import static pagoda.autograd.GradCheck.sym;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/** Parameter names, state dicts, strict loading, freezing and modes. */
class ModuleTest {
    static final class Conv extends Module {
        Conv(int out, int in) {
            registerParameter("weight", sym(out * 10 + in, out, in, 3, 3));
            registerParameter("bias", sym(out, out));
        }
    }

    static final class Block extends Module {
        final Conv conv0;
        final Conv conv1;

        Block(int c) {
            registerModule("norm0", new Norm(c));
            conv0 = registerModule("conv0", new Conv(c, c));
            conv1 = registerModule("conv1", new Conv(c, c));
        }
    }

    static final class Norm extends Module {
        Norm(int c) {
            registerParameter("weight", Tensor.zeros(REF, c));
            registerBuffer("running", Tensor.zeros(REF, c));
        }
    }

    static final class Net extends Module {
        final Module enc;

        Net() {
            registerParameter("scale", Tensor.zeros(REF, 1));
            enc = registerModule("enc", new Container());
            enc.registerModule("16x16_block0", new Block(2));
            enc.registerModule("16x16_block1", new Block(2));
            registerModule("out", new Conv(1, 2));
        }
    }

    static final class Container extends Module {
    }

    @Test
    void dottedNamesInRegistrationOrder() {
        Net net = new Net();
        List<String> expected = List.of("scale",
                "enc.16x16_block0.norm0.weight", "enc.16x16_block0.conv0.weight", "enc.16x16_block0.conv0.bias",
                "enc.16x16_block0.conv1.weight", "enc.16x16_block0.conv1.bias",
                "enc.16x16_block1.norm0.weight", "enc.16x16_block1.conv0.weight", "enc.16x16_block1.conv0.bias",
                "enc.16x16_block1.conv1.weight", "enc.16x16_block1.conv1.bias",
                "out.weight", "out.bias");
        assertEquals(expected, List.copyOf(net.namedParameters().keySet()));
        assertEquals(List.of("enc.16x16_block0.norm0.running", "enc.16x16_block1.norm0.running"),
                List.copyOf(net.namedBuffers().keySet()));
        List<String> state = List.copyOf(net.stateDict().keySet());
        assertEquals(expected.size() + 2, state.size());
        assertEquals("enc.16x16_block0.norm0.running", state.get(2), "a module's buffers follow its parameters");
        assertEquals(1 + 2 * (2 + 2 * (2 * 2 * 9 + 2)) + (2 * 9 + 1), net.parameterCount());
        assertTrue(net.namedModules().containsKey("enc.16x16_block1.conv0"));
    }

    @Test
    void namesAreValidated() {
        Container m = new Container();
        m.registerParameter("w", Tensor.zeros(REF, 1));
        assertThrows(IllegalArgumentException.class, () -> m.registerBuffer("w", Tensor.zeros(REF, 1)));
        assertThrows(IllegalArgumentException.class, () -> m.registerModule("a.b", new Container()));
        assertThrows(IllegalArgumentException.class, () -> m.registerParameter("", Tensor.zeros(REF, 1)));
    }

    @Test
    void stateDictRoundTrip() {
        Net a = new Net();
        Net b = new Net();
        Map<String, Tensor> state = new LinkedHashMap<>();
        a.stateDict().forEach((k, v) -> state.put(k, sym(k.hashCode(), v.shape())));
        Module.LoadResult r = b.loadStateDict(state, true);
        assertTrue(r.missing().isEmpty() && r.unexpected().isEmpty());
        b.stateDict().forEach((k, v) -> assertSame(state.get(k), v, k));
        assertSame(state.get("enc.16x16_block1.norm0.running"), b.namedModules().get("enc.16x16_block1.norm0").buffer("running"));
    }

    @Test
    void strictLoadNamesMissingUnexpectedAndMisShapedKeys() {
        Net net = new Net();
        Map<String, Tensor> state = new LinkedHashMap<>(net.stateDict());
        Tensor before = net.namedParameters().get("scale").value();
        state.remove("out.bias");
        state.put("enc.extra", Tensor.zeros(REF, 1));
        state.put("scale", Tensor.zeros(REF, 2));
        StateDictException e = assertThrows(StateDictException.class, () -> net.loadStateDict(state, true));
        assertEquals(List.of("out.bias"), e.missing());
        assertEquals(List.of("enc.extra"), e.unexpected());
        assertEquals(List.of("scale: expected [1], got [2]"), e.misShaped());
        assertTrue(e.getMessage().contains("out.bias") && e.getMessage().contains("enc.extra")
                && e.getMessage().contains("scale: expected [1], got [2]"), e.getMessage());
        assertSame(before, net.namedParameters().get("scale").value(), "nothing is loaded on error");
    }

    @Test
    void nonStrictLoadSkipsMissingAndUnexpectedButNotMisShaped() {
        Net net = new Net();
        Tensor scale = Ops.full(REF, 1f, 1);
        Module.LoadResult r = net.loadStateDict(Map.of("scale", scale, "stray", Tensor.zeros(REF, 1)), false);
        assertSame(scale, net.namedParameters().get("scale").value());
        assertEquals(List.of("stray"), r.unexpected());
        assertEquals(net.stateDict().size() - 1, r.missing().size());
        assertThrows(StateDictException.class, () -> net.loadStateDict(Map.of("scale", Tensor.zeros(REF, 3)), false));
    }

    @Test
    void freezeByNamePrefix() {
        Net net = new Net();
        net.enc.registerModule("16x16_block10", new Block(2));
        List<String> frozen = net.freeze("enc.16x16_block1");
        assertEquals(5, frozen.size(), "the prefix matches whole name components: block10 stays trainable");
        assertTrue(frozen.stream().allMatch(n -> n.startsWith("enc.16x16_block1.")));
        assertTrue(net.namedParameters().get("enc.16x16_block1.conv0.weight").isFrozen());
        assertFalse(net.namedParameters().get("enc.16x16_block10.conv0.weight").isFrozen());
        assertEquals(List.of("out.bias"), net.freeze("out.bias"));
        net.unfreeze("");
        assertTrue(net.namedParameters().values().stream().noneMatch(Parameter::isFrozen));
        assertThrows(IllegalArgumentException.class, () -> net.freeze("enc.16x16"));
    }

    @Test
    void trainAndEvalAreRecursive() {
        Net net = new Net();
        assertTrue(net.isTraining());
        net.eval();
        net.namedModules().values().forEach(m -> assertFalse(m.isTraining()));
        net.train(true);
        net.namedModules().values().forEach(m -> assertTrue(m.isTraining()));
    }
}
