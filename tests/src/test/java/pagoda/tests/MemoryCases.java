package pagoda.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Copies between strided views (permuted, sliced with a step, broadcast, reversed with a negative stride,
 * into a strided destination), fills, and cat and split along every axis. All exact: they move floats.
 * Writes into a view of a larger tensor compare the whole tensor, so that elements outside the view must
 * come out untouched.
 */
final class MemoryCases {
    private MemoryCases() {
    }

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        cases.add(copy("permute(2, 0, 1) of [3, 4, 5]", new int[] {3, 4, 5}, x -> x.permute(2, 0, 1)));
        cases.add(copy("transpose of [300, 517]", new int[] {300, 517}, x -> x.transpose(0, 1)));
        cases.add(copy("slice [1:19:3] of axis 1 of [6, 20]", new int[] {6, 20}, x -> x.slice(1, 1, 19, 3)));
        cases.add(copy("slice [1:6:2] of axis 0 of [6, 20]", new int[] {6, 20}, x -> x.slice(0, 1, 6, 2)));
        cases.add(copy("broadcast of [1, 5] to [4, 3, 5]", new int[] {1, 5}, x -> x.broadcastTo(4, 3, 5)));
        cases.add(copy("broadcast of [3, 1] to [3, 37]", new int[] {3, 1}, x -> x.broadcastTo(3, 37)));
        cases.add(copy("axis 0 reversed (negative stride) of [5, 7]", new int[] {5, 7}, MemoryCases::reversed));
        cases.add(copyInto("into slice [1:9:3] of axis 1 of [4, 9]", new int[] {4, 9}, new int[] {4, 3},
                base -> base.slice(1, 1, 9, 3)));
        cases.add(copyInto("into the transpose of [5, 4]", new int[] {5, 4}, new int[] {4, 5}, base -> base.transpose(0, 1)));
        cases.add(fill(new int[] {7, 37}, 0.75f));
        cases.add(fill(new int[] {200003}, -3.5f));
        cases.add(fillInto("rows [0:6:2] of [6, 11]", new int[] {6, 11}, base -> base.slice(0, 0, 6, 2), -2.5f));
        cases.add(fillInto("column 3 of [6, 11]", new int[] {6, 11}, base -> base.slice(1, 3, 4), 9f));
        int[] shape = {4, 5, 6};
        for (int axis = 0; axis < shape.length; axis++) {
            cases.add(cat(shape, axis, axis));
            cases.add(split(shape, axis));
        }
        cases.add(cat(shape, -1, 2));
        return cases;
    }

    /** A view of x; for copies that read strided sources. */
    @FunctionalInterface
    interface View {
        Tensor of(Tensor x);
    }

    /** x with its first axis reversed: a negative stride and an offset at its last row. */
    private static Tensor reversed(Tensor x) {
        long[] st = x.strides();
        long offset = x.offset() + st[0] * (x.size(0) - 1);
        st[0] = -st[0];
        return Tensor.view(x.storage(), x.shape(), st, offset);
    }

    static OpCase copy(String what, int[] shape, View view) {
        return new OpCase("copy", "copy from " + what, Set.of("copy"), Inputs.none().symmetric("x", shape),
                (be, in) -> new Tensor[] {view.of(in[0]).contiguous()}, List.of("out"), (in, ref) -> new Bound[] {Bound.exact()});
    }

    /** Backend.copy into a view of {@code base}; the output is all of base. */
    private static OpCase copyInto(String what, int[] baseShape, int[] srcShape, View target) {
        return new OpCase("copy", "copy (Backend) " + what, Set.of("copy"),
                Inputs.none().symmetric("base", baseShape).symmetric("src", srcShape), (be, in) -> {
                    be.copy(in[1], target.of(in[0]));
                    return new Tensor[] {in[0]};
                }, List.of("base"), (in, ref) -> new Bound[] {Bound.exact()});
    }

    static OpCase fill(int[] shape, float value) {
        return new OpCase("fill", "fill " + Arrays.toString(shape) + " with " + value, Set.of("fill"), Inputs.none(),
                (be, in) -> new Tensor[] {Ops.full(be, value, shape)}, List.of("out"), (in, ref) -> new Bound[] {Bound.exact()});
    }

    /** Backend.fill of a view of {@code base}; the output is all of base. */
    private static OpCase fillInto(String what, int[] baseShape, View target, float value) {
        return new OpCase("fill", "fill (Backend) " + what + " with " + value, Set.of("fill"),
                Inputs.none().symmetric("base", baseShape), (be, in) -> {
                    be.fill(target.of(in[0]), value);
                    return new Tensor[] {in[0]};
                }, List.of("base"), (in, ref) -> new Bound[] {Bound.exact()});
    }

    /** Three parts of sizes 1, 2 and 3 along the axis, the rest of {@code shape} shared. */
    static OpCase cat(int[] shape, int axis, int resolved) {
        Inputs inputs = Inputs.none();
        int part = 0;
        for (int size : new int[] {1, 2, 3}) {
            int[] s = shape.clone();
            s[resolved] = size;
            inputs = inputs.symmetric("part" + part++, s);
        }
        return new OpCase("cat", "cat of 3 parts of " + Arrays.toString(shape) + " sized 1, 2, 3 along axis " + axis,
                Set.of("copy"), inputs, (be, in) -> new Tensor[] {Ops.cat(axis, in)}, List.of("out"),
                (in, ref) -> new Bound[] {Bound.exact()});
    }

    /** Pieces of sizes 1, size - 3 and 2 along the axis, each made contiguous (a strided copy). */
    private static OpCase split(int[] shape, int axis) {
        int size = shape[axis];
        return new OpCase("split", "split of " + Arrays.toString(shape) + " into 1, " + (size - 3) + ", 2 along axis " + axis,
                Set.of("copy"), Inputs.none().symmetric("x", shape), (be, in) -> {
                    Tensor[] parts = Ops.split(in[0], axis, 1, size - 3, 2);
                    Tensor[] out = new Tensor[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        out[i] = parts[i].contiguous();
                    }
                    return out;
                }, List.of("part0", "part1", "part2"), (in, ref) -> new Bound[] {Bound.exact(), Bound.exact(), Bound.exact()});
    }
}
