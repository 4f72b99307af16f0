package pagoda.autograd;

import static pagoda.autograd.GradCheck.check;
import static pagoda.autograd.GradCheck.sym;

import org.junit.jupiter.api.Test;

/** Finite-difference checks of views, joins and reductions. */
class ShapeGradTest {
    @Test
    void views() {
        check("reshape", v -> Fn.reshape(v[0], 3, -1), sym(1, 2, 3, 2));
        check("permute", v -> Fn.permute(v[0], 2, 0, 1), sym(2, 2, 3, 4));
        check("transpose", v -> Fn.transpose(v[0], 0, -1), sym(3, 2, 3, 4));
        check("slice middle", v -> Fn.slice(v[0], 1, 1, 3), sym(4, 2, 4, 3));
        check("slice head", v -> Fn.slice(v[0], -1, 0, 2), sym(5, 2, 4, 3));
        check("slice tail", v -> Fn.slice(v[0], 0, 1, 2), sym(6, 2, 4, 3));
    }

    /** A view followed by a non-linear op, so the rule's output feeds a real computation. */
    @Test
    void viewsInsideAGraph() {
        check("square(permute) * x^T", v -> Fn.mul(Fn.square(Fn.permute(v[0], 1, 0)), Fn.transpose(v[0], 0, 1)), sym(7, 3, 4));
    }

    @Test
    void joins() {
        check("cat axis 1", v -> Fn.cat(1, v[0], v[1], v[2]), sym(11, 2, 1, 3), sym(12, 2, 2, 3), sym(13, 2, 3, 3));
        check("cat axis -1", v -> Fn.cat(-1, v[0], v[1]), sym(14, 2, 2), sym(15, 2, 3));
        check("split weighted", v -> {
            Var[] parts = Fn.split(v[0], 1, 1, 3, 2);
            return Fn.add(Fn.mul(parts[0], 2f), Fn.cat(1, Fn.square(parts[2]), Fn.exp(parts[1])));
        }, sym(16, 2, 6));
    }

    @Test
    void reductions() {
        check("sum all", v -> Fn.sum(v[0]), sym(21, 2, 3, 4));
        check("sum axes 0,2", v -> Fn.sum(v[0], 0, 2), sym(22, 2, 3, 4));
        check("sum axis -1", v -> Fn.sum(v[0], -1), sym(23, 2, 3, 4));
        check("sumKeep axis 1", v -> Fn.sumKeep(v[0], 1), sym(24, 2, 3, 4));
        check("mean all", v -> Fn.mean(v[0]), sym(25, 2, 3, 4));
        check("mean axes 1,2", v -> Fn.mean(v[0], 1, 2), sym(26, 2, 3, 4));
        check("meanKeep axes 0,-1", v -> Fn.meanKeep(v[0], 0, -1), sym(27, 2, 3, 4));
    }
}
