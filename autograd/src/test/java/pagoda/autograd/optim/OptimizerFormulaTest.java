package pagoda.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pagoda.autograd.Module;
import pagoda.autograd.Parameter;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Adam, AdamW and RAdam on the float64 reference backend against {@link ReferenceAdam}'s double formulas
 * for several steps, with hyper-parameters chosen so every term matters: gradients of size 1e-2 make
 * sqrt(v) comparable to eps = 1e-3 (so misplacing eps shows), weight decay 0.1 changes each step.
 *
 * <p>Tolerance: the implementation rounds each scalar coefficient to float at the op boundary (relative
 * error 2^-24 = 6e-8 each, about ten per step) and is otherwise double; so parameters may differ from
 * the formulas by about 1e-6 of their total movement (lr per step at most a few times over). The bound
 * used, {@code 1e-5 * lr * steps}, keeps a factor 10 of margin; a wrong formula is off by percents.
 */
class OptimizerFormulaTest {
    private static final Backend REF = Backends.reference();
    private static final int STEPS = 12;

    /** A module-free parameter set: p0 [3], p1 [2, 2]. */
    private static Map<String, Parameter> parameters() {
        Module m = new Module() {
        };
        m.registerParameter("p0", Ops.uniform(REF, 1, 0, -1, 1, 3));
        m.registerParameter("p1", Ops.uniform(REF, 2, 0, -1, 1, 2, 2));
        return m.namedParameters();
    }

    /** Step k's gradient of a parameter: symmetric draws of size 1e-2, new every step. */
    private static Tensor grad(int param, int step, int... shape) {
        return Ops.mul(Ops.uniform(REF, 100 + param, 1000L * step, -1, 1, shape), 0.01f);
    }

    private void compare(String what, Optimizer opt, Map<String, Parameter> ps, ReferenceAdam.Kind kind, double lr,
                         double beta1, double beta2, double eps, double wd, boolean amsgrad) {
        Map<String, ReferenceAdam> refs = new LinkedHashMap<>();
        ps.forEach((n, p) -> refs.put(n, new ReferenceAdam(kind, p.value().toDoubleArray(), lr, beta1, beta2, eps, wd, amsgrad)));
        for (int step = 1; step <= STEPS; step++) {
            int i = 0;
            for (Map.Entry<String, Parameter> e : ps.entrySet()) {
                Tensor g = grad(i++, step, e.getValue().shape());
                e.getValue().setGrad(g);
                refs.get(e.getKey()).step(g.toDoubleArray());
            }
            opt.step();
            for (Map.Entry<String, Parameter> e : ps.entrySet()) {
                double[] got = e.getValue().value().toDoubleArray();
                double[] want = refs.get(e.getKey()).p;
                double tol = 1e-5 * lr * step;
                for (int k = 0; k < got.length; k++) {
                    if (!(Math.abs(got[k] - want[k]) <= tol)) {
                        fail(what + " step " + step + " " + e.getKey() + "[" + k + "]: got " + got[k] + ", formula " + want[k]);
                    }
                }
                assertEquals(step, opt.stepCount(e.getKey()));
            }
        }
    }

    @Test
    void adamDefaults() {
        Map<String, Parameter> ps = parameters();
        compare("Adam defaults", new Adam(ps), ps, ReferenceAdam.Kind.ADAM, 1e-3, 0.9, 0.999, 1e-8, 0, false);
    }

    @Test
    void adamWithL2AndLargeEps() {
        Map<String, Parameter> ps = parameters();
        compare("Adam wd", new Adam(ps, 1e-2, 0.8, 0.99, 1e-3, 0.1, false), ps, ReferenceAdam.Kind.ADAM, 1e-2, 0.8, 0.99, 1e-3, 0.1, false);
    }

    @Test
    void adamAmsgrad() {
        Map<String, Parameter> ps = parameters();
        compare("Adam amsgrad", new Adam(ps, 1e-2, 0.8, 0.99, 1e-3, 0.1, true), ps, ReferenceAdam.Kind.ADAM, 1e-2, 0.8, 0.99, 1e-3, 0.1, true);
    }

    @Test
    void adamW() {
        Map<String, Parameter> ps = parameters();
        compare("AdamW defaults", new AdamW(ps), ps, ReferenceAdam.Kind.ADAMW, 1e-3, 0.9, 0.999, 1e-8, 1e-2, false);
        Map<String, Parameter> qs = parameters();
        compare("AdamW", new AdamW(qs, 1e-2, 0.8, 0.99, 1e-3, 0.5, false), qs, ReferenceAdam.Kind.ADAMW, 1e-2, 0.8, 0.99, 1e-3, 0.5, false);
    }

    /** With beta2 = 0.999, rho_t first exceeds 5 at step 6: the run crosses from SGD-like to rectified steps. */
    @Test
    void radamDefaultsCrossTheRectificationThreshold() {
        assertTrue(ReferenceAdam.rho(0.999, 5) <= 5 && ReferenceAdam.rho(0.999, 6) > 5, "threshold between steps 5 and 6");
        Map<String, Parameter> ps = parameters();
        compare("RAdam defaults", new RAdam(ps), ps, ReferenceAdam.Kind.RADAM, 1e-3, 0.9, 0.999, 1e-8, 0, false);
    }

    @Test
    void radamWeightDecay() {
        Map<String, Parameter> ps = parameters();
        compare("RAdam L2", new RAdam(ps, 1e-2, 0.8, 0.99, 1e-3, 0.1, false), ps, ReferenceAdam.Kind.RADAM, 1e-2, 0.8, 0.99, 1e-3, 0.1, false);
        Map<String, Parameter> qs = parameters();
        compare("RAdam decoupled", new RAdam(qs, 1e-2, 0.8, 0.99, 1e-3, 0.1, true), qs, ReferenceAdam.Kind.RADAM_DECOUPLED, 1e-2, 0.8, 0.99, 1e-3, 0.1, true);
    }

    /** Like torch: parameters without a gradient or frozen are left alone and their step count stays. */
    @Test
    void parametersWithoutGradientsAreSkipped() {
        Map<String, Parameter> ps = parameters();
        Parameter p0 = ps.get("p0");
        Parameter p1 = ps.get("p1");
        Tensor before0 = p0.value();
        Tensor before1 = p1.value();
        Adam adam = new Adam(ps);
        p1.setGrad(grad(1, 1, 2, 2));
        p1.setRequiresGrad(false);
        adam.step();
        assertTrue(p0.value() == before0 && p1.value() == before1);
        assertEquals(0, adam.stepCount("p0"));
        assertEquals(0, adam.stepCount("p1"));
        assertTrue(adam.state().isEmpty());
    }
}
