package pagoda.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import pagoda.tensor.Ops;
import pagoda.tensor.ReduceOp;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/** Views, joins and reductions: forward, then backward rule. */
final class ShapeFns {
    private ShapeFns() {
    }

    // ---- views -----------------------------------------------------------------------------------

    static Var reshape(Var x, int... shape) {
        int[] in = x.shape();
        return Var.op("reshape", x.value().reshape(shape), (dy, needs) -> new Tensor[] {dy.reshape(in)}, x);
    }

    /** The gradient goes back through the inverse permutation. */
    static Var permute(Var x, int... order) {
        Tensor y = x.value().permute(order);
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[Shapes.axis("permute", order[i], order.length)] = i;
        }
        return Var.op("permute", y, (dy, needs) -> new Tensor[] {dy.permute(inverse)}, x);
    }

    static Var transpose(Var x, int a, int b) {
        return Var.op("transpose", x.value().transpose(a, b), (dy, needs) -> new Tensor[] {dy.transpose(a, b)}, x);
    }

    /** The gradient is dy in the sliced window and zero elsewhere. */
    static Var slice(Var x, int axis, int start, int end) {
        int[] in = x.shape();
        int a = Shapes.axis("slice", axis, in.length);
        return Var.op("slice", x.value().slice(a, start, end), (dy, needs) -> new Tensor[] {pad(dy, in, a, start, end)}, x);
    }

    private static Tensor pad(Tensor dy, int[] in, int a, int start, int end) {
        List<Tensor> parts = new ArrayList<>(3);
        if (start > 0) {
            parts.add(zerosLike(in, a, start, dy));
        }
        parts.add(dy);
        if (end < in[a]) {
            parts.add(zerosLike(in, a, in[a] - end, dy));
        }
        return parts.size() == 1 ? dy : Ops.cat(a, parts.toArray(new Tensor[0]));
    }

    private static Tensor zerosLike(int[] in, int a, int size, Tensor like) {
        int[] s = in.clone();
        s[a] = size;
        return Tensor.zeros(like.backend(), s);
    }

    // ---- joins -----------------------------------------------------------------------------------

    /** The gradient of each part is its window of dy. */
    static Var cat(int axis, Var... parts) {
        Tensor[] values = new Tensor[parts.length];
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = parts[i].value();
        }
        Tensor y = Ops.cat(axis, values);
        int a = Shapes.axis("cat", axis, y.rank());
        for (int i = 0; i < parts.length; i++) {
            sizes[i] = values[i].size(a);
        }
        return Var.op("cat", y, (dy, needs) -> Ops.split(dy, a, sizes), parts);
    }

    /** Each piece is a {@link #slice}, so each has its own rule and the gradients meet in x. */
    static Var[] split(Var x, int axis, int... sizes) {
        Ops.split(x.value(), axis, sizes);
        Var[] out = new Var[sizes.length];
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = slice(x, axis, at, at + sizes[i]);
            at += sizes[i];
        }
        return out;
    }

    // ---- reductions --------------------------------------------------------------------------------

    /** The gradient of a sum broadcasts dy over the reduced axes. */
    static Var sum(Var x, boolean keepDims, int... axes) {
        int[] in = x.shape();
        int[] kept = keptShape("sum", in, axes);
        return Var.op("sum", Ops.reduce(ReduceOp.SUM, x.value(), 0, keepDims, axes),
                (dy, needs) -> new Tensor[] {dy.reshape(kept).broadcastTo(in)}, x);
    }

    /** As sum, divided by n, the number of elements reduced into each output (n exact in float below 2^24). */
    static Var mean(Var x, boolean keepDims, int... axes) {
        int[] in = x.shape();
        int[] kept = keptShape("mean", in, axes);
        Tensor y = Ops.reduce(ReduceOp.MEAN, x.value(), 0, keepDims, axes);
        float n = Shapes.numel(in) / Shapes.numel(kept);
        return Var.op("mean", y,
                (dy, needs) -> new Tensor[] {Ops.div(dy.reshape(kept), Tensor.scalar(dy.backend(), n)).broadcastTo(in)}, x);
    }

    /** The input shape with reduced axes set to 1 (no axes: all). */
    private static int[] keptShape(String op, int[] in, int[] axes) {
        int[] kept = in.clone();
        if (axes.length == 0) {
            Arrays.fill(kept, 1);
        }
        for (int a : axes) {
            kept[Shapes.axis(op, a, in.length)] = 1;
        }
        return kept;
    }
}
