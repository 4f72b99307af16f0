package pagoda.autograd;

import static pagoda.autograd.GradCheck.avoid;
import static pagoda.autograd.GradCheck.check;
import static pagoda.autograd.GradCheck.sym;
import static pagoda.autograd.GradCheck.symAwayFromZero;
import static pagoda.autograd.GradCheck.uniform;

import org.junit.jupiter.api.Test;
import pagoda.tensor.Ops;

/** Finite-difference checks of every element-wise rule, with broadcasting. */
class ElementwiseGradTest {
    @Test
    void binaryOpsSameShape() {
        check("add", v -> Fn.add(v[0], v[1]), sym(1, 2, 3), sym(2, 2, 3));
        check("sub", v -> Fn.sub(v[0], v[1]), sym(3, 2, 3), sym(4, 2, 3));
        check("mul", v -> Fn.mul(v[0], v[1]), sym(5, 2, 3), sym(6, 2, 3));
        check("div", v -> Fn.div(v[0], v[1]), sym(7, 2, 3), symAwayFromZero(8, 0.5, 2, 3));
    }

    /** Broadcast gradients are summed back over stretched and prepended axes, on either side. */
    @Test
    void binaryOpsBroadcast() {
        check("add [2,3,4]+[3,1]", v -> Fn.add(v[0], v[1]), sym(11, 2, 3, 4), sym(12, 3, 1));
        check("sub [4]-[2,3,4]", v -> Fn.sub(v[0], v[1]), sym(13, 4), sym(14, 2, 3, 4));
        check("mul [2,1,4]*[1,3,1]", v -> Fn.mul(v[0], v[1]), sym(15, 2, 1, 4), sym(16, 1, 3, 1));
        check("div [2,3]/[1]", v -> Fn.div(v[0], v[1]), sym(17, 2, 3), symAwayFromZero(18, 0.5, 1));
        check("div []/[3,2]", v -> Fn.div(v[0], v[1]), sym(19), symAwayFromZero(20, 0.5, 3, 2));
    }

    @Test
    void scalarOps() {
        check("add scalar", v -> Fn.add(v[0], 0.75f), sym(21, 3, 4));
        check("mul scalar", v -> Fn.mul(v[0], -1.5f), sym(22, 3, 4));
        check("affine", v -> Fn.affine(v[0], 2.5f, -0.25f), sym(23, 3, 4));
        check("pow 3", v -> Fn.pow(v[0], 3f), sym(24, 3, 4));
        check("pow -0.5", v -> Fn.pow(v[0], -0.5f), uniform(25, 0.5, 2, 3, 4));
    }

    @Test
    void smoothUnaryOps() {
        check("neg", v -> Fn.neg(v[0]), sym(31, 2, 5));
        check("exp", v -> Fn.exp(v[0]), sym(32, 2, 5));
        check("square", v -> Fn.square(v[0]), sym(33, 2, 5));
        check("tanh", v -> Fn.tanh(v[0]), Ops.mul(sym(34, 2, 5), 3f));
        check("sigmoid", v -> Fn.sigmoid(v[0]), Ops.mul(sym(35, 2, 5), 3f));
        check("silu", v -> Fn.silu(v[0]), Ops.mul(sym(36, 2, 5), 3f));
    }

    /** log, sqrt and rsqrt are defined on positive inputs only. */
    @Test
    void positiveDomainOps() {
        check("log", v -> Fn.log(v[0]), uniform(41, 0.25, 2, 2, 5));
        check("sqrt", v -> Fn.sqrt(v[0]), uniform(42, 0.25, 2, 2, 5));
        check("rsqrt", v -> Fn.rsqrt(v[0]), uniform(43, 0.25, 2, 2, 5));
    }

    /** Kinked functions, at inputs at least 0.01 away from the kinks (a gap far above h = 1e-6). */
    @Test
    void kinkedUnaryOps() {
        check("abs", v -> Fn.abs(v[0]), symAwayFromZero(51, 0.01, 3, 5));
        check("relu", v -> Fn.relu(v[0]), symAwayFromZero(52, 0.01, 3, 5));
        check("leakyRelu", v -> Fn.leakyRelu(v[0], 0.2f), symAwayFromZero(53, 0.01, 3, 5));
        check("clamp", v -> Fn.clamp(v[0], -0.5f, 0.5f), avoid(sym(54, 3, 5), 0.01, -0.5, 0.5));
    }
}
