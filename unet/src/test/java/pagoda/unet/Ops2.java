package pagoda.unet;

import pagoda.autograd.Fn;
import pagoda.autograd.Var;
import pagoda.tensor.Tensor;

/** Small differentiable compositions the tests share. */
final class Ops2 {
    private Ops2() {
    }

    /** sum(y * g): its gradient with respect to y is g, which makes it the vector-Jacobian product's loss. */
    static Var sumProduct(Var y, Tensor g) {
        return Fn.sum(Fn.mul(y, Var.constant(g)));
    }
}
