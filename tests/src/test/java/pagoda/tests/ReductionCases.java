package pagoda.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import pagoda.tensor.Ops;
import pagoda.tensor.ReduceOp;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/**
 * Every {@link ReduceOp} over single axes, several axes and all axes, through {@link Ops#reduce}.
 *
 * <p>Bounds, n the number of reduced elements per output: SUM is a sum of n terms, mag = sum|x|; MEAN adds
 * one division (tolerance n + 3, mag = mean|x|); MAX and MIN select an input, exact; VAR, by two passes
 * or one, is within (n + 3) u of sum(x^2) / (n - correction) (the two-pass error is (n + 3) u var and
 * var <= sum x^2 / (n - correction); the one-pass sum of squares is a sum of n non-negative terms), so
 * its tolerance is n + 4 with that magnitude.
 */
final class ReductionCases {
    private ReductionCases() {
    }

    private record Kind(ReduceOp op, int correction) {
        String label() {
            return op == ReduceOp.VAR ? "VAR correction " + correction : op.name();
        }
    }

    private static final List<Kind> KINDS = List.of(new Kind(ReduceOp.SUM, 0), new Kind(ReduceOp.MEAN, 0),
            new Kind(ReduceOp.MAX, 0), new Kind(ReduceOp.MIN, 0), new Kind(ReduceOp.VAR, 0), new Kind(ReduceOp.VAR, 1));

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        int[][] axisSets = {{0}, {1}, {2}, {-1, 0}, {1, 2}, {}};
        for (Kind k : KINDS) {
            for (int[] axes : axisSets) {
                cases.add(reduce(k, new int[] {5, 6, 7}, axes));
            }
            cases.add(reduce(k, new int[] {2, 3, 4, 5}, new int[] {0, 3}));
        }
        for (Kind k : List.of(KINDS.get(0), KINDS.get(1), KINDS.get(2), KINDS.get(5))) {
            cases.add(reduce(k, new int[] {3, 1000}, new int[] {1}));
            cases.add(reduce(k, new int[] {1000, 3}, new int[] {0}));
        }
        return cases;
    }

    private static OpCase reduce(Kind k, int[] shape, int[] axes) {
        String name = "reduce " + k.label() + " of " + Shapes.str(shape) + " over "
                + (axes.length == 0 ? "all axes" : "axes " + Arrays.toString(axes));
        return new OpCase("reduce", name, Set.of("reduce", "ReduceOp." + k.op()), Inputs.none().symmetric("x", shape),
                (be, in) -> new Tensor[] {Ops.reduce(k.op(), in[0], k.correction(), false, axes)}, List.of("out"),
                (in, ref) -> new Bound[] {bound(k, in[0], axes, ref[0])});
    }

    /** One reduction; {@link DeterminismCases} uses it with larger shapes. */
    static OpCase reduce(ReduceOp op, int correction, int[] shape, int[] axes) {
        return reduce(new Kind(op, correction), shape, axes);
    }

    private static Bound bound(Kind k, Tensor x, int[] axes, double[] ref) {
        long n = reducedCount(x.shape(), axes);
        return switch (k.op()) {
            case MAX, MIN -> Bound.exact();
            case SUM -> Bound.sum(n, Readback.values(Ops.sum(Magnitudes.abs(x), axes)), "reduced elements");
            case MEAN -> Bound.scaled(n + 3, Readback.values(Ops.mean(Magnitudes.abs(x), axes)),
                    "mean|x| over n = " + n + " elements (a sum, then a division)");
            case VAR -> {
                double[] squares = Readback.values(Ops.sum(Ops.square(x), axes));
                for (int i = 0; i < squares.length; i++) {
                    squares[i] /= n - k.correction();
                }
                yield Bound.scaled(n + 4, squares, "sum(x^2) / (n - correction), n = " + n
                        + " (two-pass or one-pass variance)");
            }
        };
    }

    private static long reducedCount(int[] shape, int[] axes) {
        if (axes.length == 0) {
            return Shapes.numel(shape);
        }
        long n = 1;
        for (int a : axes) {
            n *= shape[Shapes.axis("reduce", a, shape.length)];
        }
        return n;
    }
}
