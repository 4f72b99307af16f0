package pagoda.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.ReduceOp;
import pagoda.tensor.Tensor;

/**
 * Softmax and its gradient through {@link NnOps} along the last, a middle and the first axis (the front
 * end moves the axis last with a strided copy), on short rows, rows of 1000 and one-element rows.
 *
 * <p>Bounds, derived in u = eps32 / 2 and stated in eps32 with the factor 2 of {@link Bound}, L the row
 * length:
 * <ul>
 *   <li>y = exp(x - max) / sum: relative error (L + |x - max| + 6) u from the sum of L terms, the rounding
 *       of x - max that exp turns into a relative error, exp's ulps and the division: mag = y (1 + |x - max|),
 *       tolerance L + 6;</li>
 *   <li>dx = y (dy - sum(dy y)): the dot product of L terms, a difference and a product: mag =
 *       y (|dy| + sum|dy| y), tolerance L + 4.</li>
 * </ul>
 */
final class SoftmaxCases {
    private SoftmaxCases() {
    }

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        int[] rows = {3, 5, 17};
        for (int axis : new int[] {-1, 1, 0}) {
            cases.add(softmax(rows, axis));
            cases.add(softmaxBackward(rows, axis));
        }
        for (int[] shape : new int[][] {{4, 1000}, {2, 64, 64}, {5, 1}}) {
            cases.add(softmax(shape, -1));
            cases.add(softmaxBackward(shape, -1));
        }
        return cases;
    }

    static OpCase softmax(int[] shape, int axis) {
        String name = "softmax " + Arrays.toString(shape) + " axis " + axis;
        int length = shape[Math.floorMod(axis, shape.length)];
        return new OpCase("softmax", name, Set.of("softmax"), Inputs.none().uniform("x", -4, 4, shape),
                (be, in) -> new Tensor[] {NnOps.softmax(in[0], axis)}, List.of("y"), (in, ref) -> {
                    double[] x = Readback.values(in[0]);
                    double[] max = Readback.values(Ops.reduce(ReduceOp.MAX, in[0], 0, true, axis).broadcastTo(shape));
                    double[] mag = new double[x.length];
                    for (int i = 0; i < mag.length; i++) {
                        mag[i] = ref[0][i] * (1 + Math.abs(x[i] - max[i]));
                    }
                    return new Bound[] {Bound.scaled(length + 6, mag, "y (1 + |x - max|), row length L = " + length)};
                });
    }

    static OpCase softmaxBackward(int[] shape, int axis) {
        String name = "softmaxBackward " + Arrays.toString(shape) + " axis " + axis;
        int length = shape[Math.floorMod(axis, shape.length)];
        Inputs inputs = Inputs.none().uniform("x", -4, 4, shape).derived("y", in -> NnOps.softmax(in[0], axis))
                .symmetric("dy", shape);
        return new OpCase("softmaxBackward", name, Set.of("softmaxBackward"), inputs,
                (be, in) -> new Tensor[] {NnOps.softmaxBackward(in[1], in[2], axis)}, List.of("dx"), (in, ref) -> {
                    double[] y = Readback.values(in[1]);
                    Tensor weighted = Ops.mul(Magnitudes.abs(in[2]), in[1]);
                    double[] dot = Readback.values(Ops.reduce(ReduceOp.SUM, weighted, 0, true, axis).broadcastTo(shape));
                    double[] dy = Readback.values(in[2]);
                    double[] mag = new double[y.length];
                    for (int i = 0; i < mag.length; i++) {
                        mag[i] = y[i] * (Math.abs(dy[i]) + dot[i]);
                    }
                    return new Bound[] {Bound.scaled(length + 4, mag, "y (|dy| + sum|dy| y), row length L = " + length)};
                });
    }
}
