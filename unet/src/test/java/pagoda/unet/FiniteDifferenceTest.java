package pagoda.unet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;

/**
 * The teacher's gradients against central finite differences, in float64 on the reference backend, on a
 * tiny config that still has every kind of layer (down and up blocks, 1x1 skips, two attention heads, labels).
 * Each module's parameters (and x) get their own random direction v, and
 * {@code (L(p + h v) - L(p - h v)) / 2h} is compared with {@code <dL/dp, v>}. The truncation error is
 * O(h^2): group norms over 16 elements at 2x2 make the curvature large (about 5e-6 relative at h = 1e-5,
 * 5e-4 at 1e-4, as measured), hence h = 1e-6, where it is near 5e-8, and the rounding error of double,
 * about 1e-16 |L| / (h |dL/dp . v|), is below 1e-8. A tolerance of 1e-6 leaves room for both while
 * catching any wrong rule, whose error is of order 1.
 */
class FiniteDifferenceTest {
    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-6;
    private static final String CONFIG = "{\"img_resolution\": 4, \"img_channels\": 2, \"label_dim\": 3, \"model_channels\": 32,"
            + " \"channel_mult\": [1, 4], \"num_blocks\": 1, \"attn_resolutions\": [2], \"dropout\": 0.3, \"label_dropout\": 0.4}";

    private final Backend b = Backends.reference();
    private final UNetConfig config = UNetConfig.parse(JsonFields.of(Json.parse(CONFIG, "test config"), "test config"));

    @Test
    void denoiserGradientsInEvaluationMode() {
        EDMPrecond net = SyntheticFixture.randomTeacher(config, b, 5);
        net.eval();
        check(net, false);
    }

    /** Training mode: the dropout and label-dropout masks are fixed by the seed, so the function is smooth in p. */
    @Test
    void denoiserGradientsInTrainingModeWithDropout() {
        EDMPrecond net = SyntheticFixture.randomTeacher(config, b, 6);
        net.train(true);
        check(net, false);
    }

    @Test
    void edmLossGradients() {
        EDMPrecond net = SyntheticFixture.randomTeacher(config, b, 7);
        net.eval();
        check(net, true);
    }

    private void check(EDMPrecond net, boolean edmLoss) {
        int n = 2;
        Tensor x = Ops.normal(b, 1, 0, 0f, 1f, n, 2, 4, 4);
        Tensor sigma = Tensor.ofDoubles(b, new double[] {0.05, 12}, n);
        Tensor labels = SyntheticFixture.oneHot(b, n, 3);
        Tensor cotangent = Ops.normal(b, 2, 0, 0f, 1f, n, 2, 4, 4);
        Tensor rnd = Ops.normal(b, 3, 0, 0f, 1f, n, 1, 1, 1);
        Tensor noise = Ops.normal(b, 4, 0, 0f, 1f, n, 2, 4, 4);
        long seed = 99;
        Var xv = Var.parameter(x);
        Supplier<Var> loss = () -> edmLoss
                ? EdmLoss.loss(net, xv.value(), labels, rnd, noise, seed)
                : Ops2.sumProduct(net.forward(xv, sigma, labels, seed), cotangent);

        net.zeroGrad();
        loss.get().backward();
        Map<String, List<Var>> groups = new LinkedHashMap<>();
        if (!edmLoss) {
            groups.put("x", List.of(xv));
        }
        net.namedParameters().forEach((name, p) -> groups.computeIfAbsent(module(name), k -> new ArrayList<>()).add(p));

        List<String> failures = new ArrayList<>();
        long directionSeed = 1000;
        for (Map.Entry<String, List<Var>> g : groups.entrySet()) {
            List<Tensor> dirs = new ArrayList<>();
            double analytic = 0;
            for (Var v : g.getValue()) {
                Tensor d = Ops.normal(b, directionSeed++, 0, 0f, 1f, v.shape());
                dirs.add(d);
                analytic += dot(v.grad(), d);
            }
            double numeric = (perturbed(loss, g.getValue(), dirs, H) - perturbed(loss, g.getValue(), dirs, -H)) / (2 * H);
            double err = Math.abs(numeric - analytic) / Math.max(Math.abs(numeric), 1e-8);
            if (!(err < TOLERANCE)) {
                failures.add(g.getKey() + ": analytic " + analytic + ", numeric " + numeric + " (relative " + err + ")");
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + groups.size() + " groups differ: " + failures);
    }

    /** The module that owns a parameter: its name without the last part (model.enc.4x4_block0.conv0). */
    private static String module(String parameter) {
        return parameter.substring(0, parameter.lastIndexOf('.'));
    }

    private static double perturbed(Supplier<Var> loss, List<Var> vars, List<Tensor> dirs, double h) {
        List<Tensor> saved = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            Var v = vars.get(i);
            saved.add(v.value());
            v.setValue(Ops.add(v.value(), Ops.mul(dirs.get(i), (float) h)));
        }
        try (NoGrad g = NoGrad.enter()) {
            return loss.get().value().toDoubleArray()[0];
        } finally {
            for (int i = 0; i < vars.size(); i++) {
                vars.get(i).setValue(saved.get(i));
            }
        }
    }

    private static double dot(Tensor a, Tensor d) {
        double[] x = a.toDoubleArray();
        double[] y = d.toDoubleArray();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }
}
