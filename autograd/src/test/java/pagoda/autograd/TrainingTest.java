package pagoda.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import pagoda.autograd.optim.Adam;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * End to end: small networks on the float32 CPU backend learn to imitate a teacher of the same
 * architecture. The task is realisable (zero loss is attainable), so a correct tape and optimiser drive
 * the mean squared error down by orders of magnitude. The bounds sit between what correct rules reach
 * and what broken ones do, both measured by breaking rules by hand: the MLP (random start) ends near
 * 6e-5 of its initial loss, 7e-2 with the input gradient of linear negated; the conv net (started
 * halfway between a random init and the teacher, inside the teacher's basin) ends near 2.5e-4, 1.5e-2
 * with the group-norm scale gradient negated. Adam is invariant to the scale of a parameter's gradient,
 * so wrong factors are the finite-difference tests' job, not this one's.
 */
class TrainingTest {
    private static final Backend CPU = Backends.cpu();

    /** A two-layer perceptron 2 -> 32 -> 1 with tanh. */
    static final class Mlp extends Module {
        final Parameter w0;
        final Parameter b0;
        final Parameter w1;
        final Parameter b1;

        Mlp(long seed) {
            w0 = registerParameter("w0", Ops.uniform(CPU, seed, 0, -1.2f, 1.2f, 32, 2));
            b0 = registerParameter("b0", Ops.uniform(CPU, seed + 1, 0, -1f, 1f, 32));
            w1 = registerParameter("w1", Ops.uniform(CPU, seed + 2, 0, -0.3f, 0.3f, 1, 32));
            b1 = registerParameter("b1", Ops.uniform(CPU, seed + 3, 0, -0.1f, 0.1f, 1));
        }

        Var forward(Var x) {
            return Fn.linear(Fn.tanh(Fn.linear(x, w0, b0)), w1, b1);
        }
    }

    /** conv -> group norm -> SiLU -> avg pool -> conv -> SiLU -> nearest up -> conv, on [N, 1, 8, 8]. */
    static final class ConvNet extends Module {
        final Parameter c0w;
        final Parameter c0b;
        final Parameter gamma;
        final Parameter beta;
        final Parameter c1w;
        final Parameter c2w;
        final Parameter c2b;

        ConvNet(long seed) {
            c0w = registerParameter("c0w", Ops.uniform(CPU, seed, 0, -0.6f, 0.6f, 4, 1, 3, 3));
            c0b = registerParameter("c0b", Ops.uniform(CPU, seed + 1, 0, -0.2f, 0.2f, 4));
            gamma = registerParameter("gamma", Ops.uniform(CPU, seed + 2, 0, 0.5f, 1.5f, 4));
            beta = registerParameter("beta", Ops.uniform(CPU, seed + 3, 0, -0.2f, 0.2f, 4));
            c1w = registerParameter("c1w", Ops.uniform(CPU, seed + 4, 0, -0.3f, 0.3f, 4, 4, 3, 3));
            c2w = registerParameter("c2w", Ops.uniform(CPU, seed + 5, 0, -0.3f, 0.3f, 1, 4, 3, 3));
            c2b = registerParameter("c2b", Ops.uniform(CPU, seed + 6, 0, -0.2f, 0.2f, 1));
        }

        Var forward(Var x) {
            Conv2dSpec same = Conv2dSpec.of(1, 1);
            Var h = Fn.conv2d(x, c0w, c0b, same);
            h = Fn.silu(Fn.groupNorm(h, gamma, beta, 2, 1e-5f));
            h = Fn.silu(Fn.conv2d(Fn.avgPool2x(h), c1w, null, same));
            return Fn.conv2d(Fn.upsampleNearest2x(h), c2w, c2b, same);
        }
    }

    private static Var mse(Var y, Tensor target) {
        return Fn.mean(Fn.square(Fn.sub(y, Var.constant(target))));
    }

    /** Trains with Adam and returns {initial loss, final loss}. */
    private static double[] fit(Module student, Function<Var, Var> forward, Tensor x, Tensor target, double lr, int steps) {
        Adam adam = new Adam(student.namedParameters(), lr);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < steps; step++) {
            adam.zeroGrad();
            Var loss = mse(forward.apply(Var.constant(x)), target);
            last = loss.value().item();
            if (step == 0) {
                first = last;
            }
            loss.backward();
            adam.step();
        }
        return new double[] {first, last};
    }

    private static Tensor teacherOutput(Function<Var, Var> forward, Tensor x) {
        try (NoGrad _ = NoGrad.enter()) {
            return forward.apply(Var.constant(x)).value();
        }
    }

    /** Moves each parameter of {@code student} halfway to the teacher's: still far off, but in the teacher's basin. */
    private static void halfwayTo(Module student, Module teacher) {
        student.namedParameters().forEach((n, p) ->
                p.setValue(Ops.mul(Ops.add(p.value(), teacher.namedParameters().get(n).value()), 0.5f)));
    }

    @Test
    void mlpFitsATeacher() {
        Tensor x = Ops.uniform(CPU, 7, 0, -2f, 2f, 256, 2);
        Mlp teacher = new Mlp(100);
        Tensor target = teacherOutput(teacher::forward, x);
        Mlp student = new Mlp(200);
        double[] loss = fit(student, student::forward, x, target, 1e-2, 600);
        assertTrue(loss[1] < 1e-3 * loss[0], "MLP loss " + loss[0] + " -> " + loss[1]);
    }

    @Test
    void convNetFitsATeacher() {
        Tensor x = Ops.uniform(CPU, 8, 0, -1f, 1f, 16, 1, 8, 8);
        ConvNet teacher = new ConvNet(300);
        Tensor target = teacherOutput(teacher::forward, x);
        ConvNet student = new ConvNet(400);
        halfwayTo(student, teacher);
        double[] loss = fit(student, student::forward, x, target, 1e-2, 700);
        assertTrue(loss[1] < 2e-3 * loss[0], "conv net loss " + loss[0] + " -> " + loss[1]);
    }
}
