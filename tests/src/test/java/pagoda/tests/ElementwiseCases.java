package pagoda.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import pagoda.tensor.BinaryOp;
import pagoda.tensor.Ops;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/**
 * Every {@link UnaryOp} and {@link BinaryOp} through {@link Ops#unary} and {@link Ops#binary}, on an odd
 * shape (vector tails) and a long one (more than one task), and for two-input ops with broadcasting.
 *
 * <p>Bounds, in units of eps32 (see {@link Bound}): ops that move or compare floats are exact; one IEEE
 * operation (product, quotient, sqrt) is correctly rounded, 1; a sum is one rounding of |a| + |b|;
 * transcendentals (exp, log, tanh, pow, and sigmoid and SiLU built on exp) get 4: the Vector API's SVML
 * routines, or a kernel's own polynomial, may be 1-2 ulps from java.lang.Math, plus the roundings of the
 * few operations around them. Where an op cancels (SiLU's derivative near its zero, 1 - a^2, an affine map)
 * the magnitude is the sum of the terms' magnitudes instead of |ref|.
 */
final class ElementwiseCases {
    private ElementwiseCases() {
    }

    /** The domain an op's input is drawn from. */
    private record Domain(double lo, double hi, boolean grid) {
        Inputs add(Inputs in, String name, int... shape) {
            return grid ? in.grid(name, lo, hi, 8, shape) : in.uniform(name, lo, hi, shape);
        }

        String label() {
            return (grid ? "grid " : "") + "[" + lo + ", " + hi + "]";
        }
    }

    private static final Domain SYMMETRIC = new Domain(-1, 1, false);
    private static final Domain WIDE = new Domain(-4, 4, false);
    private static final Domain SATURATING = new Domain(-8, 8, false);
    /** Multiples of 1/4 in [-1, 1]: zeros, ties and the clamp bounds +-0.5 occur. */
    private static final Domain GRID = new Domain(-1, 1, true);

    /** The bound of an element-wise op from its (broadcast) inputs and the twin's result. */
    @FunctionalInterface
    private interface Rule {
        Bound bound(double[] a, double[] b, double[] ref);
    }

    private record Unary(UnaryOp op, Domain domain, float p0, float p1, Rule rule) {
    }

    private record Binary(BinaryOp op, Domain a, Domain b, float p0, float p1, Rule rule) {
    }

    private static final int[][] UNARY_SHAPES = {{7, 37}, {3, 33335}};

    private static Rule exact() {
        return (a, b, ref) -> Bound.exact();
    }

    private static Rule ulps(double k, String why) {
        return (a, b, ref) -> Bound.ulps(k, ref, why);
    }

    private static List<Unary> unaries() {
        return List.of(
                new Unary(UnaryOp.NEG, SYMMETRIC, 0, 0, exact()),
                new Unary(UnaryOp.EXP, WIDE, 0, 0, ulps(4, "exp: library ulps and the output rounding")),
                new Unary(UnaryOp.LOG, new Domain(0.01, 10, false), 0, 0, ulps(4, "log: library ulps")),
                new Unary(UnaryOp.SQRT, new Domain(0, 4, false), 0, 0, ulps(1, "IEEE sqrt is correctly rounded")),
                new Unary(UnaryOp.RSQRT, new Domain(0.01, 4, false), 0, 0, ulps(2, "sqrt, then a quotient")),
                new Unary(UnaryOp.SQUARE, WIDE, 0, 0, ulps(1, "one product")),
                new Unary(UnaryOp.ABS, SYMMETRIC, 0, 0, exact()),
                new Unary(UnaryOp.SIGN, GRID, 0, 0, exact()),
                new Unary(UnaryOp.TANH, WIDE, 0, 0, ulps(4, "tanh: library ulps")),
                new Unary(UnaryOp.SIGMOID, SATURATING, 0, 0, ulps(4, "1 / (1 + exp(-x)): exp's ulps, a sum and a quotient")),
                new Unary(UnaryOp.RELU, GRID, 0, 0, exact()),
                new Unary(UnaryOp.LEAKY_RELU, SYMMETRIC, 0.1f, 0, ulps(1, "one product")),
                new Unary(UnaryOp.SILU, SATURATING, 0, 0, ulps(4, "x sigmoid(x): the sigmoid's error and one product")),
                new Unary(UnaryOp.SILU_GRAD, SATURATING, 0, 0, (x, unused, ref) -> Bound.scaled(6, siluGradMagnitude(x, null),
                        "s (1 + |x|), s = sigmoid(x): s (1 + x (1 - s)) cancels near x = -2.4")),
                new Unary(UnaryOp.CLAMP, GRID, -0.5f, 0.5f, exact()),
                new Unary(UnaryOp.POW, WIDE, 2, 0, ulps(4, "pow: library ulps")),
                new Unary(UnaryOp.POW, WIDE, 3, 0, ulps(4, "pow: library ulps")),
                new Unary(UnaryOp.POW, new Domain(0, 4, false), 0.5f, 0, ulps(4, "pow: library ulps")),
                new Unary(UnaryOp.POW, new Domain(0.1, 4, false), 2.5f, 0, ulps(4, "pow: library ulps")),
                new Unary(UnaryOp.POW, new Domain(0.1, 4, false), -1.5f, 0, ulps(4, "pow: library ulps")),
                new Unary(UnaryOp.AFFINE, SYMMETRIC, 1.5f, -0.25f, (x, unused, ref) -> Bound.scaled(2, affineMagnitude(x, 1.5, -0.25),
                        "|p0 x| + |p1|: a product and a sum, or one fused multiply-add")),
                new Unary(UnaryOp.RECIPROCAL, WIDE, 0, 0, ulps(2, "1 / x, or a reciprocal then a product")));
    }

    private static List<Binary> binaries() {
        Rule sum = (a, b, ref) -> {
            double[] mag = new double[ref.length];
            for (int i = 0; i < mag.length; i++) {
                mag[i] = Math.abs(a[i]) + Math.abs(b[i]);
            }
            return Bound.scaled(1, mag, "|a| + |b|: one rounded sum");
        };
        Domain positive = new Domain(0.1, 4, false);
        Domain exponent = new Domain(-2, 2, false);
        return List.of(
                new Binary(BinaryOp.ADD, SYMMETRIC, SYMMETRIC, 0, 0, sum),
                new Binary(BinaryOp.SUB, SYMMETRIC, SYMMETRIC, 0, 0, sum),
                new Binary(BinaryOp.MUL, SYMMETRIC, SYMMETRIC, 0, 0, ulps(1, "one product")),
                new Binary(BinaryOp.DIV, SYMMETRIC, SYMMETRIC, 0, 0, ulps(2, "a / b, or a * (1 / b): at most two roundings")),
                new Binary(BinaryOp.POW, positive, exponent, 0, 0, ulps(4, "pow: library ulps")),
                new Binary(BinaryOp.MAXIMUM, GRID, GRID, 0, 0, exact()),
                new Binary(BinaryOp.MINIMUM, GRID, GRID, 0, 0, exact()),
                new Binary(BinaryOp.GT, GRID, GRID, 0, 0, exact()),
                new Binary(BinaryOp.EQ, GRID, GRID, 0, 0, exact()),
                new Binary(BinaryOp.RELU_BACKWARD, GRID, SYMMETRIC, 0, 0, exact()),
                new Binary(BinaryOp.LEAKY_RELU_BACKWARD, GRID, SYMMETRIC, 0.1f, 0, ulps(1, "one product")),
                new Binary(BinaryOp.SILU_BACKWARD, SATURATING, SYMMETRIC, 0, 0, (a, b, ref) -> Bound.scaled(7,
                        siluGradMagnitude(a, b), "|b| s (1 + |a|): SiLU's derivative, then one product")),
                new Binary(BinaryOp.TANH_BACKWARD, SYMMETRIC, SYMMETRIC, 0, 0, (a, b, ref) -> {
                    double[] mag = new double[ref.length];
                    for (int i = 0; i < mag.length; i++) {
                        mag[i] = Math.abs(b[i]) * (1 + a[i] * a[i]);
                    }
                    return Bound.scaled(3, mag, "|b| (1 + a^2): 1 - a^2 cancels near |a| = 1");
                }),
                new Binary(BinaryOp.CLAMP_BACKWARD, GRID, SYMMETRIC, -0.5f, 0.5f, exact()),
                new Binary(BinaryOp.ABS_BACKWARD, GRID, SYMMETRIC, 0, 0, exact()));
    }

    /** s (1 + |x|), times |b| when given: bounds the terms of s (1 + x (1 - s)). */
    private static double[] siluGradMagnitude(double[] x, double[] b) {
        double[] mag = new double[x.length];
        for (int i = 0; i < mag.length; i++) {
            double s = 1 / (1 + Math.exp(-x[i]));
            mag[i] = s * (1 + Math.abs(x[i])) * (b == null ? 1 : Math.abs(b[i]));
        }
        return mag;
    }

    private static double[] affineMagnitude(double[] x, double scale, double shift) {
        double[] mag = new double[x.length];
        for (int i = 0; i < mag.length; i++) {
            mag[i] = Math.abs(scale * x[i]) + Math.abs(shift);
        }
        return mag;
    }

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        for (Unary u : unaries()) {
            for (int[] shape : UNARY_SHAPES) {
                cases.add(unary(u, shape));
            }
        }
        for (Binary b : binaries()) {
            cases.add(binary(b, new int[] {6, 43}, new int[] {6, 43}));
            cases.add(binary(b, new int[] {4, 1, 37}, new int[] {3, 1}));
        }
        for (Binary b : binaries()) {
            if (b.op() == BinaryOp.ADD || b.op() == BinaryOp.MUL) {
                cases.add(binary(b, new int[] {5, 7}, new int[] {}));
                cases.add(binary(b, new int[] {1, 50}, new int[] {30, 1}));
                cases.add(binary(b, new int[] {3, 33335}, new int[] {3, 33335}));
            }
        }
        return cases;
    }

    /** The first case of the table for this op, at another shape; {@link DeterminismCases} uses it. */
    static OpCase unary(UnaryOp op, int... shape) {
        for (Unary u : unaries()) {
            if (u.op() == op) {
                return unary(u, shape);
            }
        }
        throw new IllegalArgumentException("no unary case for " + op);
    }

    /** As {@link #unary(UnaryOp, int...)} for a two-input op. */
    static OpCase binary(BinaryOp op, int[] aShape, int[] bShape) {
        for (Binary b : binaries()) {
            if (b.op() == op) {
                return binary(b, aShape, bShape);
            }
        }
        throw new IllegalArgumentException("no binary case for " + op);
    }

    private static OpCase unary(Unary u, int[] shape) {
        String params = u.p0() == 0 && u.p1() == 0 ? "" : " p=(" + u.p0() + ", " + u.p1() + ")";
        String name = "unary " + u.op() + params + " " + Shapes.str(shape) + " on " + u.domain().label();
        return new OpCase("unary", name, Set.of("unary", "UnaryOp." + u.op()), u.domain().add(Inputs.none(), "x", shape),
                (be, in) -> new Tensor[] {Ops.unary(u.op(), in[0], u.p0(), u.p1())}, List.of("out"),
                (in, ref) -> new Bound[] {u.rule().bound(Readback.values(in[0]), null, ref[0])});
    }

    private static OpCase binary(Binary b, int[] aShape, int[] bShape) {
        String params = b.p0() == 0 && b.p1() == 0 ? "" : " p=(" + b.p0() + ", " + b.p1() + ")";
        String name = "binary " + b.op() + params + " " + Shapes.str(aShape) + " with " + Shapes.str(bShape)
                + " on " + b.a().label() + " x " + b.b().label();
        Inputs inputs = b.b().add(b.a().add(Inputs.none(), "a", aShape), "b", bShape);
        return new OpCase("binary", name, Set.of("binary", "BinaryOp." + b.op()), inputs,
                (be, in) -> new Tensor[] {Ops.binary(b.op(), in[0], in[1], b.p0(), b.p1())}, List.of("out"),
                (in, ref) -> {
                    int[] out = Shapes.broadcast("binary", in[0].shape(), in[1].shape());
                    return new Bound[] {b.rule().bound(Readback.values(in[0].broadcastTo(out)),
                            Readback.values(in[1].broadcastTo(out)), ref[0])};
                });
    }
}
