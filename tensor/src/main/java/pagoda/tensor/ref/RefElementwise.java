package pagoda.tensor.ref;

import java.util.Arrays;
import pagoda.tensor.BinaryOp;
import pagoda.tensor.ReduceOp;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/**
 * Element-wise ops and reductions in float64, each case written from its definition in {@link UnaryOp},
 * {@link BinaryOp} and {@link ReduceOp}. Transcendentals are java.lang.Math's; MAXIMUM, MINIMUM, RELU and
 * CLAMP use Math.max/min and so propagate NaN, as PyTorch does.
 */
final class RefElementwise {
    private RefElementwise() {
    }

    static void unary(UnaryOp op, Tensor x, float p0, float p1, Tensor out) {
        double[] v = RefStorage.read(x);
        for (int i = 0; i < v.length; i++) {
            v[i] = apply(op, v[i], p0, p1);
        }
        RefStorage.write(out, v);
    }

    static double apply(UnaryOp op, double x, double p0, double p1) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case SQUARE -> x * x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case RELU -> Math.max(x, 0.0);
            case LEAKY_RELU -> x > 0 ? x : p0 * x;
            case SILU -> x * sigmoid(x);
            case SILU_GRAD -> siluGrad(x);
            case CLAMP -> Math.min(Math.max(x, p0), p1);
            case POW -> Math.pow(x, p0);
            case AFFINE -> p0 * x + p1;
            case RECIPROCAL -> 1.0 / x;
        };
    }

    static void binary(BinaryOp op, Tensor a, Tensor b, float p0, float p1, Tensor out) {
        double[] x = RefStorage.read(a);
        double[] y = RefStorage.read(b);
        double[] v = new double[x.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = apply(op, x[i], y[i], p0, p1);
        }
        RefStorage.write(out, v);
    }

    static double apply(BinaryOp op, double a, double b, double p0, double p1) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case GT -> a > b ? 1.0 : 0.0;
            case EQ -> a == b ? 1.0 : 0.0;
            case RELU_BACKWARD -> b * (a > 0 ? 1.0 : 0.0);
            case LEAKY_RELU_BACKWARD -> b * (a > 0 ? 1.0 : p0);
            case SILU_BACKWARD -> b * siluGrad(a);
            case TANH_BACKWARD -> b * (1.0 - a * a);
            case CLAMP_BACKWARD -> b * (p0 <= a && a <= p1 ? 1.0 : 0.0);
            case ABS_BACKWARD -> b * Math.signum(a);
        };
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** d/dx x s(x) = s + x s (1 - s), s the sigmoid. */
    private static double siluGrad(double x) {
        double s = sigmoid(x);
        return s * (1.0 + x * (1.0 - s));
    }

    /**
     * Reduces over the sorted axes: every element of x goes to the output element whose coordinates are
     * its own with the reduced axes set to 0. VAR is two-pass (mean first, then squared deviations).
     */
    static void reduce(ReduceOp op, Tensor x, int[] axes, float p0, Tensor out) {
        double[] v = RefStorage.read(x);
        int[] shape = x.shape();
        boolean[] reduced = new boolean[shape.length];
        long n = 1;
        for (int a : axes) {
            reduced[a] = true;
            n *= shape[a];
        }
        int[] target = new int[v.length];
        for (int e = 0; e < v.length; e++) {
            target[e] = outputIndex(e, shape, reduced);
        }
        double[] acc = new double[Math.toIntExact(out.numel())];
        double init = switch (op) {
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
            case SUM, MEAN, VAR -> 0.0;
        };
        Arrays.fill(acc, init);
        for (int e = 0; e < v.length; e++) {
            int o = target[e];
            acc[o] = switch (op) {
                case MAX -> Math.max(acc[o], v[e]);
                case MIN -> Math.min(acc[o], v[e]);
                case SUM, MEAN, VAR -> acc[o] + v[e];
            };
        }
        if (op == ReduceOp.MEAN || op == ReduceOp.VAR) {
            for (int o = 0; o < acc.length; o++) {
                acc[o] /= n;
            }
        }
        if (op == ReduceOp.VAR) {
            double[] mean = acc;
            acc = new double[mean.length];
            for (int e = 0; e < v.length; e++) {
                double d = v[e] - mean[target[e]];
                acc[target[e]] += d * d;
            }
            for (int o = 0; o < acc.length; o++) {
                acc[o] /= n - (double) p0;
            }
        }
        RefStorage.write(out, acc);
    }

    /** The row-major index in the reduced shape of row-major element e of {@code shape}. */
    private static int outputIndex(int e, int[] shape, boolean[] reduced) {
        int o = 0;
        int stride = 1;
        int rest = e;
        for (int d = shape.length - 1; d >= 0; d--) {
            int coord = rest % shape[d];
            rest /= shape[d];
            if (!reduced[d]) {
                o += coord * stride;
                stride *= shape[d];
            }
        }
        return o;
    }
}
