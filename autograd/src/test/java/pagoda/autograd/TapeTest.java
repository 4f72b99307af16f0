package pagoda.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pagoda.autograd.GradCheck.REF;
import static pagoda.autograd.GradCheck.sym;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/** The tape's bookkeeping: gradients that meet, accumulation, no-grad, freezing, freeing. */
class TapeTest {
    private static double[] values(Tensor t) {
        return t.toDoubleArray();
    }

    @Test
    void gradientsMeetWhenAVarIsUsedTwice() {
        Tensor x0 = sym(1, 5);
        Var x = Var.parameter(x0);
        Fn.sum(Fn.mul(x, x)).backward();
        assertArrayEquals(values(Ops.mul(x0, 2f)), values(x.grad()), 0, "d sum(x*x) = 2x");
    }

    /** A diamond: both paths from the output reach x through a shared intermediate. */
    @Test
    void diamondGraph() {
        Tensor x0 = sym(2, 4);
        Var x = Var.parameter(x0);
        Var e = Fn.exp(x);
        Fn.sum(Fn.add(Fn.mul(e, 3f), Fn.square(e))).backward();
        double[] xs = values(x0);
        double[] g = values(x.grad());
        for (int i = 0; i < xs.length; i++) {
            double ex = Math.exp(xs[i]);
            assertTrue(Math.abs(g[i] - (3 * ex + 2 * ex * ex)) <= 1e-12 * (3 * ex + 2 * ex * ex), "element " + i);
        }
    }

    @Test
    void leafGradientsAccumulateAcrossPassesUntilZeroed() {
        Tensor x0 = sym(3, 3);
        Var x = Var.parameter(x0);
        Fn.sum(Fn.mul(x, 2f)).backward();
        Fn.sum(Fn.mul(x, 5f)).backward();
        assertArrayEquals(new double[] {7, 7, 7}, values(x.grad()), 0);
        x.zeroGrad();
        assertNull(x.grad());
        Fn.sum(x).backward();
        assertArrayEquals(new double[] {1, 1, 1}, values(x.grad()), 0);
    }

    @Test
    void seededBackwardOfANonScalar() {
        Var x = Var.parameter(sym(4, 2, 3));
        Tensor seed = sym(5, 2, 3);
        Fn.mul(x, 4f).backward(seed);
        assertArrayEquals(values(Ops.mul(seed, 4f)), values(x.grad()), 0);
        Var y = Var.parameter(sym(6, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fn.exp(y).backward());
        assertTrue(e.getMessage().contains("not a scalar"), e.getMessage());
    }

    @Test
    void noGradRecordsNothing() {
        Var x = Var.parameter(sym(7, 3));
        Var y;
        try (NoGrad _ = NoGrad.enter()) {
            assertTrue(NoGrad.active());
            y = Fn.exp(x);
        }
        assertFalse(NoGrad.active());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        assertThrows(IllegalStateException.class, () -> Fn.sum(y).backward());
        assertTrue(Fn.exp(x).requiresGrad(), "recording resumes after the scope");
    }

    @Test
    void constantsAndFrozenParametersReceiveNoGradient() {
        Var c = Var.constant(sym(8, 3));
        Var w = Var.parameter(sym(9, 3));
        Var frozen = Var.parameter(sym(10, 3));
        frozen.setRequiresGrad(false);
        Fn.sum(Fn.mul(Fn.mul(c, w), frozen)).backward();
        assertNull(c.grad());
        assertNull(frozen.grad());
        assertArrayEquals(values(Ops.mul(c.value(), frozen.value())), values(w.grad()), 1e-15);
        assertFalse(Fn.exp(c).requiresGrad(), "an op of constants only is a constant");
    }

    @Test
    void detachStopsGradients() {
        Var x = Var.parameter(sym(11, 3));
        Fn.sum(Fn.add(Fn.mul(x.detach(), x), x)).backward();
        assertArrayEquals(values(Ops.add(x.value(), 1f)), values(x.grad()), 1e-15);
    }

    @Test
    void broadcastGradientOfALeafIsCompactAndShaped() {
        Var b = Var.parameter(sym(12, 1, 3));
        Fn.sum(Fn.add(Var.constant(sym(13, 4, 3)), b)).backward();
        assertArrayEquals(new int[] {1, 3}, b.grad().shape());
        assertArrayEquals(new double[] {4, 4, 4}, values(b.grad()), 0);
        assertTrue(b.grad().isContiguous() && b.grad().storage().numel() == 3);
    }

    @Test
    void secondBackwardThroughAFreedGraphFails() {
        Var x = Var.parameter(sym(14, 3));
        Var loss = Fn.sum(Fn.exp(x));
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("already used"), e.getMessage());
    }

    /** After its rule has run, a node holds neither its inputs nor the tensors its rule saved. */
    @Test
    void backwardReleasesNodes() {
        Var x = Var.parameter(sym(15, 3));
        Var e = Fn.exp(x);
        Var s = Fn.square(e);
        Var loss = Fn.sum(s);
        loss.backward();
        for (Var v : new Var[] {e, s, loss}) {
            assertNull(v.node.producers, v + " still links its inputs");
            assertNull(v.node.leaves, v + " still links its leaves");
            assertNull(v.node.rule, v + " still holds its rule");
            assertNull(v.node.pending, v + " still holds a gradient");
        }
    }

    /** The activation a rule saved becomes unreachable once backward has run, even while the output is held. */
    @Test
    void savedActivationsAreCollectable() {
        Var x = Var.parameter(sym(16, 64));
        Object[] saved = new Object[1];
        Var loss = Fn.sum(savingOp(x, saved));
        WeakReference<Object> ref = new WeakReference<>(saved[0]);
        saved[0] = null;
        loss.backward();
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
        }
        assertNull(ref.get(), "a saved activation outlived the backward pass");
        Reference.reachabilityFence(loss);
    }

    /**
     * x -> a -> c -> square -> loss: square's rule saves c's value; when a's rule runs, the sweep has run
     * and dropped square's rule, so c's value must already be collectable while backward still runs.
     */
    @Test
    void activationsAreCollectableWhileBackwardRuns() {
        Var x = Var.parameter(sym(17, 256));
        AtomicReference<WeakReference<Object>> late = new AtomicReference<>();
        boolean[] collected = new boolean[1];
        Var a = Var.op("probe", x.value().copy(), (dy, needs) -> {
            for (int i = 0; i < 20 && late.get().get() != null; i++) {
                System.gc();
            }
            collected[0] = late.get().get() == null;
            return new Tensor[] {dy};
        }, x);
        Var loss = tail(a, late);
        loss.backward();
        assertTrue(collected[0], "the value of a Var the sweep had finished with was still reachable");
    }

    /** sum(c^2) with c = 2 a + 1, whose value only square's rule and the weak reference outside see. */
    private static Var tail(Var a, AtomicReference<WeakReference<Object>> late) {
        Var c = Fn.affine(a, 2f, 1f);
        late.set(new WeakReference<>(c.value()));
        return Fn.sum(Fn.square(c));
    }

    /** An intermediate value that no rule saved is garbage as soon as the caller drops its Var, before backward. */
    @Test
    void unsavedActivationsDoNotOutliveTheForwardPass() {
        Var x = Var.parameter(sym(18, 256));
        AtomicReference<WeakReference<Object>> middle = new AtomicReference<>();
        Var loss = affineChain(x, middle);
        for (int i = 0; i < 20 && middle.get().get() != null; i++) {
            System.gc();
        }
        assertNull(middle.get().get(), "the graph kept an activation that no backward rule needs");
        loss.backward();
        assertArrayEquals(values(Ops.full(REF, 6f, 256)), values(x.grad()), 0, "d sum(3 (2 x + 1) - 1) = 6");
    }

    /** sum(3 a - 1) with a = 2 x + 1; affine rules save nothing, so a's value is referenced only weakly. */
    private static Var affineChain(Var x, AtomicReference<WeakReference<Object>> middle) {
        Var a = Fn.affine(x, 2f, 1f);
        middle.set(new WeakReference<>(a.value()));
        return Fn.sum(Fn.affine(a, 3f, -1f));
    }

    /** exp(x) with its own copy of the output saved in the rule, exposed to the test for tracking. */
    private static Var savingOp(Var x, Object[] saved) {
        Tensor y = Ops.exp(x.value());
        Tensor keep = y.copy();
        saved[0] = keep;
        return Var.op("trackedExp", y, (dy, needs) -> new Tensor[] {Ops.mul(dy, keep)}, x);
    }

    @Test
    void setGradChecksShape() {
        Var x = Var.parameter(Tensor.zeros(REF, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> x.setGrad(Tensor.zeros(REF, 4)));
        assertThrows(IllegalArgumentException.class, () -> x.setValue(Tensor.zeros(REF, 4)));
        assertThrows(IllegalStateException.class, () -> Fn.exp(x).setValue(Tensor.zeros(REF, 2, 2)));
    }
}
