package pagoda.autograd;

import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/** Matrix products and convolution: forward, then backward rule. */
final class LinearFns {
    private LinearFns() {
    }

    /**
     * Batched {@code a @ b} (see {@link Ops#matmul}): dA = dY B^T, dB = A^T dY, summed by the tape over
     * broadcast batch dimensions.
     */
    static Var matmul(Var a, Var b) {
        Tensor av = a.value();
        Tensor bv = b.value();
        return Var.op("matmul", Ops.matmul(av, bv), (dy, needs) -> new Tensor[] {
                needs[0] ? Ops.matmul(dy, bv.transpose(-1, -2)) : null,
                needs[1] ? Ops.matmul(av.transpose(-1, -2), dy) : null}, a, b);
    }

    /**
     * {@code y = x w^T + b} for x [..., I], w [O, I], b [O] or null (torch.nn.functional.linear):
     * dx = dy w, dw = dy^T x over all leading positions, db = dy summed over them.
     */
    static Var linear(Var x, Var w, Var b) {
        Tensor xv = x.value();
        Tensor wv = w.value();
        int[] ws = wv.shape();
        if (ws.length != 2 || xv.rank() < 1 || xv.size(-1) != ws[1] || (b != null && !(b.value().rank() == 1 && b.value().size(0) == ws[0]))) {
            throw new IllegalArgumentException("linear: input " + Shapes.str(xv.shape()) + ", weight "
                    + Shapes.str(ws) + (b == null ? "" : " and bias " + Shapes.str(b.shape()))
                    + " must be [..., I], [O, I] and [O]");
        }
        Tensor y = Ops.matmul(xv, wv.transpose(0, 1));
        if (b != null) {
            y = Ops.add(y, b.value());
        }
        return Var.op("linear", y, (dy, needs) -> {
            Tensor rows = dy.reshape(-1, ws[0]);
            Tensor dx = needs[0] ? Ops.matmul(rows, wv).reshape(xv.shape()) : null;
            Tensor dw = needs[1] ? Ops.matmul(rows.transpose(0, 1), xv.reshape(-1, ws[1])) : null;
            Tensor db = needs[2] ? Ops.sum(rows, 0) : null;
            return new Tensor[] {dx, dw, db};
        }, x, w, b);
    }

    /** conv2d (cross-correlation) with optional bias; the bias gradient is dy summed over N, H, W. */
    static Var conv2d(Var x, Var w, Var b, Conv2dSpec spec) {
        Tensor xv = x.value();
        Tensor wv = w.value();
        Tensor y = NnOps.conv2d(xv, wv, b == null ? null : b.value(), spec);
        return Var.op("conv2d", y, (dy, needs) -> new Tensor[] {
                needs[0] ? NnOps.conv2dBackwardData(dy, wv, spec, xv.shape()) : null,
                needs[1] ? NnOps.conv2dBackwardWeight(dy, xv, spec, wv.shape()) : null,
                needs[2] ? Ops.sum(dy, 0, 2, 3) : null}, x, w, b);
    }
}
