package pagoda.tensor.cpu;

import static pagoda.tensor.cpu.Fixtures.assertClose;
import static pagoda.tensor.cpu.Fixtures.assertSameBits;
import static pagoda.tensor.cpu.Fixtures.elements;
import static pagoda.tensor.cpu.Fixtures.tensor;
import static pagoda.tensor.cpu.Fixtures.uniform;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import pagoda.tensor.BinaryOp;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/**
 * Every unary and binary op on every layout path of {@link CpuElementwise} (contiguous, scalar operand,
 * per-channel, row and column broadcast, transposed, runs shorter than a vector) against the formula in
 * double, and copies and fills of strided views against index arithmetic.
 */
class ElementwiseTest {
    private static final CpuBackend CPU = new CpuBackend(2);
    private static final float P0 = 0.3f;
    private static final float P1 = 0.7f;

    @AfterAll
    static void close() {
        CPU.close();
    }

    static double unaryRef(UnaryOp op, double x) {
        double s = 1 / (1 + Math.exp(-x));
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1 / Math.sqrt(x);
            case SQUARE -> x * x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> s;
            case RELU -> Math.max(x, 0);
            case LEAKY_RELU -> x > 0 ? x : P0 * x;
            case SILU -> x * s;
            case SILU_GRAD -> s * (1 + x * (1 - s));
            case CLAMP -> Math.min(Math.max(x, P0), P1);
            case POW -> Math.pow(x, P0);
            case AFFINE -> P0 * x + P1;
            case RECIPROCAL -> 1 / x;
        };
    }

    static double binaryRef(BinaryOp op, double a, double b) {
        double s = 1 / (1 + Math.exp(-a));
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case GT -> a > b ? 1 : 0;
            case EQ -> a == b ? 1 : 0;
            case RELU_BACKWARD -> a > 0 ? b : 0;
            case LEAKY_RELU_BACKWARD -> b * (a > 0 ? 1 : P0);
            case SILU_BACKWARD -> b * s * (1 + a * (1 - s));
            case TANH_BACKWARD -> b * (1 - a * a);
            case CLAMP_BACKWARD -> P0 <= a && a <= P1 ? b : 0;
            case ABS_BACKWARD -> b * Math.signum(a);
        };
    }

    /** Inputs in the op's domain; a grid of halves so that EQ and ties see equal values. */
    private static float[] unaryInput(UnaryOp op, long seed, int n) {
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT || op == UnaryOp.POW;
        float[] x = uniform(seed, n, positive ? 0.01 : -4, 4);
        if (op == UnaryOp.RECIPROCAL) {
            for (int i = 0; i < n; i++) {
                x[i] = x[i] < 0 ? x[i] - 0.25f : x[i] + 0.25f;
            }
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryMatchesFormula(UnaryOp op) {
        int[] shape = {3, 5, 7, 11};
        float[] x = unaryInput(op, 11, Fixtures.numel(shape));
        x[0] = 0f;
        float[] got = Ops.unary(op, tensor(CPU, x, shape), P0, P1).toFloatArray();
        double[] want = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            want[i] = unaryRef(op, x[i]);
        }
        if (op == UnaryOp.LOG || op == UnaryOp.RSQRT) {
            want[0] = op == UnaryOp.LOG ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (op == UnaryOp.RECIPROCAL) {
            want[0] = Double.POSITIVE_INFINITY;
        }
        assertClose(op.toString(), want, got, 4e-7, op == UnaryOp.SILU_GRAD ? 5e-7 : 1e-7);
    }

    /** Layouts of (a, b) as {name, a shape, b shape, transpose a}; each lands on a different path. */
    static Stream<Object[]> layouts() {
        return Stream.of(
                new Object[] {"contiguous", new int[] {3, 5, 7, 11}, new int[] {3, 5, 7, 11}, false},
                new Object[] {"scalar right", new int[] {3, 5, 7, 11}, new int[] {}, false},
                new Object[] {"scalar left", new int[] {}, new int[] {3, 5, 7, 11}, false},
                new Object[] {"per channel [1,C,1,1]", new int[] {2, 6, 5, 7}, new int[] {1, 6, 1, 1}, false},
                new Object[] {"per sample-channel [N,C,1,1] left", new int[] {2, 6, 1, 1}, new int[] {2, 6, 5, 7}, false},
                new Object[] {"row broadcast", new int[] {2, 6, 5, 37}, new int[] {37}, false},
                new Object[] {"column broadcast", new int[] {2, 6, 5, 37}, new int[] {2, 6, 5, 1}, false},
                new Object[] {"transposed a", new int[] {2, 3, 19, 23}, new int[] {2, 3, 19, 23}, true},
                new Object[] {"short runs", new int[] {40, 3}, new int[] {1, 3}, false},
                new Object[] {"outer product", new int[] {2, 1, 1, 21}, new int[] {1, 4, 9, 1}, false});
    }

    static Stream<Object[]> opsAndLayouts() {
        return Stream.of(BinaryOp.values()).flatMap(op -> layouts().map(l -> new Object[] {op, l[0], l[1], l[2], l[3]}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("opsAndLayouts")
    void binaryMatchesFormula(BinaryOp op, String layout, int[] aShape, int[] bShape, boolean transposeA) {
        float[] a = uniform(21, Fixtures.numel(aShape), op == BinaryOp.POW ? 0.05 : -2, 2);
        float[] b = uniform(22, Fixtures.numel(bShape), -2, 2);
        if (op == BinaryOp.EQ || op == BinaryOp.GT || op == BinaryOp.MAXIMUM) {
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.round(a[i] * 2) / 2f;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = Math.round(b[i] * 2) / 2f;
            }
        }
        if (op == BinaryOp.DIV) {
            for (int i = 0; i < b.length; i++) {
                b[i] = b[i] < 0 ? b[i] - 0.5f : b[i] + 0.5f;
            }
        }
        Tensor ta = tensor(CPU, a, aShape);
        if (transposeA) {
            int r = aShape.length;
            int[] stored = aShape.clone();
            stored[r - 1] = aShape[r - 2];
            stored[r - 2] = aShape[r - 1];
            ta = tensor(CPU, a, stored).transpose(r - 2, r - 1);
        }
        Tensor tb = tensor(CPU, b, bShape);
        Tensor out = Ops.binary(op, ta, tb, P0, P1);
        int[] shape = out.shape();
        float[] ae = elements(ta.broadcastTo(shape));
        float[] be = elements(tb.broadcastTo(shape));
        double[] want = new double[ae.length];
        for (int i = 0; i < want.length; i++) {
            want[i] = binaryRef(op, ae[i], be[i]);
        }
        assertClose(op + " " + layout, want, out.toFloatArray(), 4e-7, 1e-7);
    }

    @Test
    void copyOfStridedViewsMatchesIndexArithmetic() {
        float[] x = uniform(31, 4 * 35 * 40, -1, 1);
        Tensor t = tensor(CPU, x, 4, 35, 40);
        Tensor[] views = {
            t.permute(2, 0, 1),
            t.transpose(1, 2),
            t.slice(2, 3, 38, 2).slice(0, 1, 4),
            t.select(1, 7).unsqueeze(1).broadcastTo(4, 9, 40),
            t.slice(1, 0, 1).broadcastTo(4, 35, 40),
            t.slice(2, 5, 6).broadcastTo(4, 35, 37),
            t.permute(1, 2, 0).slice(0, 2, 35, 3)
        };
        for (Tensor v : views) {
            assertSameBits("copy " + java.util.Arrays.toString(v.shape()) + " strides "
                    + java.util.Arrays.toString(v.strides()), elements(v), v.copy().toFloatArray());
        }
    }

    @Test
    void copyIntoStridedDestinationLeavesTheRestAlone() {
        Tensor dst = tensor(CPU, uniform(32, 6 * 50, -1, 1), 6, 50);
        float[] before = dst.toFloatArray();
        Tensor src = tensor(CPU, uniform(33, 50 * 3, -1, 1), 50, 3);
        Tensor target = dst.slice(0, 1, 4).transpose(0, 1);
        CPU.copy(src, target);
        float[] after = dst.toFloatArray();
        float[] s = src.toFloatArray();
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 50; c++) {
                float want = r >= 1 && r < 4 ? s[c * 3 + (r - 1)] : before[r * 50 + c];
                if (Float.floatToIntBits(want) != Float.floatToIntBits(after[r * 50 + c])) {
                    throw new AssertionError("dst[" + r + ", " + c + "] = " + after[r * 50 + c] + ", expected " + want);
                }
            }
        }
    }

    @Test
    void fillOfStridedViewTouchesOnlyItsElements() {
        Tensor dst = tensor(CPU, uniform(34, 5 * 7 * 9, -1, 1), 5, 7, 9);
        float[] before = dst.toFloatArray();
        CPU.fill(dst.slice(1, 1, 7, 3).transpose(0, 2), 2.5f);
        float[] after = dst.toFloatArray();
        for (int i = 0; i < after.length; i++) {
            int c = i / 9 % 7;
            float want = c % 3 == 1 ? 2.5f : before[i];
            if (Float.floatToIntBits(want) != Float.floatToIntBits(after[i])) {
                throw new AssertionError("element " + i + " = " + after[i] + ", expected " + want);
            }
        }
    }
}
