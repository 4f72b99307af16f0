package pagoda.autograd;

import pagoda.tensor.BinaryOp;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/** Element-wise ops with broadcasting: forward, then backward rule. */
final class ElementwiseFns {
    private ElementwiseFns() {
    }

    // ---- two inputs (broadcast gradients are summed back to each input's shape by the tape) --------

    static Var add(Var a, Var b) {
        return Var.op("add", Ops.add(a.value(), b.value()), (dy, needs) -> new Tensor[] {dy, dy}, a, b);
    }

    static Var sub(Var a, Var b) {
        return Var.op("sub", Ops.sub(a.value(), b.value()),
                (dy, needs) -> new Tensor[] {dy, needs[1] ? Ops.neg(dy) : null}, a, b);
    }

    static Var mul(Var a, Var b) {
        Tensor av = a.value();
        Tensor bv = b.value();
        return Var.op("mul", Ops.mul(av, bv), (dy, needs) -> new Tensor[] {
                needs[0] ? Ops.mul(dy, bv) : null,
                needs[1] ? Ops.mul(dy, av) : null}, a, b);
    }

    /** d(a/b)/da = 1/b, d(a/b)/db = -(a/b)/b. */
    static Var div(Var a, Var b) {
        Tensor bv = b.value();
        Tensor y = Ops.div(a.value(), bv);
        return Var.op("div", y, (dy, needs) -> {
            Tensor da = needs[0] ? Ops.div(dy, bv) : null;
            Tensor db = needs[1] ? Ops.neg(Ops.div(Ops.mul(dy, y), bv)) : null;
            return new Tensor[] {da, db};
        }, a, b);
    }

    // ---- scalar parameters -------------------------------------------------------------------------

    static Var affine(Var x, float scale, float shift) {
        return Var.op("affine", Ops.affine(x.value(), scale, shift),
                (dy, needs) -> new Tensor[] {Ops.mul(dy, scale)}, x);
    }

    /** d(x^p)/dx = p x^(p-1). */
    static Var pow(Var x, float exponent) {
        Tensor xv = x.value();
        return Var.op("pow", Ops.pow(xv, exponent),
                (dy, needs) -> new Tensor[] {Ops.mul(dy, Ops.mul(Ops.pow(xv, exponent - 1), exponent))}, x);
    }

    // ---- one input -----------------------------------------------------------------------------------

    static Var neg(Var x) {
        return Var.op("neg", Ops.neg(x.value()), (dy, needs) -> new Tensor[] {Ops.neg(dy)}, x);
    }

    /** d exp(x) = exp(x): the rule keeps the output. */
    static Var exp(Var x) {
        Tensor y = Ops.exp(x.value());
        return Var.op("exp", y, (dy, needs) -> new Tensor[] {Ops.mul(dy, y)}, x);
    }

    static Var log(Var x) {
        Tensor xv = x.value();
        return Var.op("log", Ops.log(xv), (dy, needs) -> new Tensor[] {Ops.div(dy, xv)}, x);
    }

    /** d sqrt(x) = 1 / (2 sqrt(x)). */
    static Var sqrt(Var x) {
        Tensor y = Ops.sqrt(x.value());
        return Var.op("sqrt", y, (dy, needs) -> new Tensor[] {Ops.mul(Ops.div(dy, y), 0.5f)}, x);
    }

    /** d x^(-1/2) = -x^(-3/2) / 2 = -y^3 / 2. */
    static Var rsqrt(Var x) {
        Tensor y = Ops.rsqrt(x.value());
        return Var.op("rsqrt", y, (dy, needs) -> new Tensor[] {Ops.mul(dy, Ops.mul(Ops.pow(y, 3), -0.5f))}, x);
    }

    static Var square(Var x) {
        Tensor xv = x.value();
        return Var.op("square", Ops.square(xv), (dy, needs) -> new Tensor[] {Ops.mul(dy, Ops.mul(xv, 2f))}, x);
    }

    /** The gradient of abs is sign(x), 0 at 0 (as torch). */
    static Var abs(Var x) {
        Tensor xv = x.value();
        return Var.op("abs", Ops.abs(xv), (dy, needs) -> new Tensor[] {backward(BinaryOp.ABS_BACKWARD, xv, dy, 0, 0)}, x);
    }

    /** d tanh = 1 - tanh^2, from the output. */
    static Var tanh(Var x) {
        Tensor y = Ops.tanh(x.value());
        return Var.op("tanh", y, (dy, needs) -> new Tensor[] {backward(BinaryOp.TANH_BACKWARD, y, dy, 0, 0)}, x);
    }

    /** d sigmoid = y (1 - y), from the output. */
    static Var sigmoid(Var x) {
        Tensor y = Ops.sigmoid(x.value());
        return Var.op("sigmoid", y, (dy, needs) -> new Tensor[] {Ops.mul(dy, Ops.mul(y, Ops.affine(y, -1f, 1f)))}, x);
    }

    /** The gradient of relu at 0 is 0 (as torch). */
    static Var relu(Var x) {
        Tensor xv = x.value();
        return Var.op("relu", Ops.relu(xv), (dy, needs) -> new Tensor[] {backward(BinaryOp.RELU_BACKWARD, xv, dy, 0, 0)}, x);
    }

    static Var leakyRelu(Var x, float slope) {
        Tensor xv = x.value();
        return Var.op("leakyRelu", Ops.leakyRelu(xv, slope),
                (dy, needs) -> new Tensor[] {backward(BinaryOp.LEAKY_RELU_BACKWARD, xv, dy, slope, 0)}, x);
    }

    /** d silu = sigmoid(x) (1 + x (1 - sigmoid(x))). */
    static Var silu(Var x) {
        Tensor xv = x.value();
        return Var.op("silu", Ops.silu(xv), (dy, needs) -> new Tensor[] {backward(BinaryOp.SILU_BACKWARD, xv, dy, 0, 0)}, x);
    }

    /** The gradient passes where lo <= x <= hi (as torch.clamp). */
    static Var clamp(Var x, float lo, float hi) {
        Tensor xv = x.value();
        return Var.op("clamp", Ops.clamp(xv, lo, hi),
                (dy, needs) -> new Tensor[] {backward(BinaryOp.CLAMP_BACKWARD, xv, dy, lo, hi)}, x);
    }

    /** A fused activation gradient: {@code op(a, dy)} with a the saved forward input (or output). */
    private static Tensor backward(BinaryOp op, Tensor saved, Tensor dy, float p0, float p1) {
        return Ops.binary(op, saved, dy, p0, p1);
    }
}
