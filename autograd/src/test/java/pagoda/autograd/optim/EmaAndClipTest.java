package pagoda.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pagoda.autograd.Module;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * EMA and gradient clipping against their formulas in double on the reference backend. The only
 * rounding is that of the float coefficients (decay, clip factor): relative 2^-24, so a bound of 1e-7
 * relative to the values' scale (1) has margin; a wrong formula is off by the decay or the factor itself.
 */
class EmaAndClipTest {
    private static final Backend REF = Backends.reference();

    private static Map<String, Parameter> parameters() {
        Module m = new Module() {
        };
        m.registerParameter("a", Ops.uniform(REF, 1, 0, -1, 1, 5));
        m.registerParameter("b", Ops.uniform(REF, 2, 0, -1, 1, 2, 3));
        return m.namedParameters();
    }

    @Test
    void emaFollowsTheLerpFormula() {
        Map<String, Parameter> ps = parameters();
        Ema ema = new Ema(ps);
        Parameter a = ps.get("a");
        double[] avg = a.value().toDoubleArray();
        double[] decays = {0.5, 0.9, 0.999, 0};
        for (int step = 0; step < decays.length; step++) {
            a.setValue(Ops.uniform(REF, 10 + step, 0, -1, 1, 5));
            double[] p = a.value().toDoubleArray();
            for (int i = 0; i < p.length; i++) {
                avg[i] = decays[step] * avg[i] + (1 - decays[step]) * p[i];
            }
            ema.update(decays[step]);
            double[] got = ema.average("a").toDoubleArray();
            for (int i = 0; i < p.length; i++) {
                assertEquals(avg[i], got[i], 1e-7, "step " + step + " element " + i);
            }
        }
        ema.update(1);
        ema.copyToParameters();
        assertSame(ema.average("b"), ps.get("b").value());
        assertThrows(IllegalArgumentException.class, () -> ema.update(1.5));
    }

    @Test
    void clipByGlobalNormScalesAllGradientsTogether() {
        Map<String, Parameter> ps = parameters();
        Tensor ga = Ops.uniform(REF, 3, 0, -1, 1, 5);
        Tensor gb = Ops.uniform(REF, 4, 0, -1, 1, 2, 3);
        ps.get("a").setGrad(ga);
        ps.get("b").setGrad(gb);
        double sq = 0;
        for (double v : ga.toDoubleArray()) {
            sq += v * v;
        }
        for (double v : gb.toDoubleArray()) {
            sq += v * v;
        }
        double norm = Math.sqrt(sq);
        List<Var> vars = List.copyOf(ps.values());
        assertEquals(norm, GradClip.globalNorm(vars), 1e-12);
        double maxNorm = norm / 4;
        assertEquals(norm, GradClip.clipByGlobalNorm(vars, maxNorm), 1e-12);
        double factor = maxNorm / (norm + 1e-6);
        double[] a0 = ga.toDoubleArray();
        double[] a1 = ps.get("a").grad().toDoubleArray();
        for (int i = 0; i < a0.length; i++) {
            assertEquals(a0[i] * factor, a1[i], 1e-7, "element " + i);
        }
        assertEquals(maxNorm, GradClip.globalNorm(vars), 1e-6);
        Tensor before = ps.get("b").grad();
        GradClip.clipByGlobalNorm(vars, 10 * norm);
        assertSame(before, ps.get("b").grad(), "a norm below the maximum leaves the gradients alone");
    }

    @Test
    void clipSkipsVarsWithoutGradients() {
        Map<String, Parameter> ps = parameters();
        ps.get("a").setGrad(Ops.full(REF, 2f, 5));
        double norm = GradClip.clipByGlobalNorm(List.copyOf(ps.values()), 1);
        assertEquals(Math.sqrt(20), norm, 1e-12);
        assertTrue(ps.get("b").grad() == null);
    }
}
