package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import pagoda.tensor.BinaryOp;

/**
 * The element-wise functions of two contiguous runs, one loop per {@link BinaryOp} (see
 * {@link UnaryKernels} for the loop shape and the padded tail), plus loops with one operand a broadcast
 * scalar for the arithmetic ops, which cover the UNet's per-channel operands ([N, C, 1, 1] over H*W)
 * without materialising them. A scalar operand goes through the same lane arithmetic as a run of equal
 * values, so the choice of loop never changes a result.
 */
final class BinaryKernels {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int LANES = Simd.LANES;
    /** Elements per call of a loop: the multi-pass ops (sigmoid, SiLU, tanh) then pass over L1-resident data. */
    private static final int CHUNK = 1024;

    private BinaryKernels() {
    }

    /** A pad for the apply methods: room for two input vectors and one output vector. */
    static float[] pad() {
        return new float[3 * LANES];
    }

    /** {@code out[oo + i] = op(x[xo + i], y[yo + i]; p0, p1)} for i in [0, n). */
    static void apply(BinaryOp op, float p0, float p1, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n,
                      float[] pad) {
        int full = n - n % LANES;
        for (int c = 0; c < full; c += CHUNK) {
            vectors(op, p0, p1, x, xo + c, y, yo + c, out, oo + c, Math.min(CHUNK, full - c));
        }
        if (full < n) {
            System.arraycopy(x, xo + full, pad, 0, n - full);
            System.arraycopy(y, yo + full, pad, LANES, n - full);
            vectors(op, p0, p1, pad, 0, pad, LANES, pad, 2 * LANES, LANES);
            System.arraycopy(pad, 2 * LANES, out, oo + full, n - full);
        }
    }

    /** Whether {@link #applyScalarRight} and {@link #applyScalarLeft} take this op. */
    static boolean hasScalarForms(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM -> true;
            default -> false;
        };
    }

    /** {@code out[oo + i] = op(x[xo + i], s)}. */
    static void applyScalarRight(BinaryOp op, float[] x, int xo, float s, float[] out, int oo, int n, float[] pad) {
        int full = n - n % LANES;
        scalarRight(op, x, xo, s, out, oo, full);
        if (full < n) {
            System.arraycopy(x, xo + full, pad, 0, n - full);
            scalarRight(op, pad, 0, s, pad, 2 * LANES, LANES);
            System.arraycopy(pad, 2 * LANES, out, oo + full, n - full);
        }
    }

    /** {@code out[oo + i] = op(s, y[yo + i])}; the commutative ops reuse the right-scalar loops. */
    static void applyScalarLeft(BinaryOp op, float s, float[] y, int yo, float[] out, int oo, int n, float[] pad) {
        if (op != BinaryOp.SUB && op != BinaryOp.DIV) {
            applyScalarRight(op, y, yo, s, out, oo, n, pad);
            return;
        }
        int full = n - n % LANES;
        scalarLeft(op, s, y, yo, out, oo, full);
        if (full < n) {
            System.arraycopy(y, yo + full, pad, LANES, n - full);
            scalarLeft(op, s, pad, LANES, pad, 2 * LANES, LANES);
            System.arraycopy(pad, 2 * LANES, out, oo + full, n - full);
        }
    }

    /** As {@link #apply} for n a multiple of LANES; out never aliases x or y. */
    private static void vectors(BinaryOp op, float p0, float p1, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> add(x, xo, y, yo, out, oo, n);
            case SUB -> sub(x, xo, y, yo, out, oo, n);
            case MUL -> mul(x, xo, y, yo, out, oo, n);
            case DIV -> div(x, xo, y, yo, out, oo, n);
            case MAXIMUM -> maximum(x, xo, y, yo, out, oo, n);
            case MINIMUM -> minimum(x, xo, y, yo, out, oo, n);
            case GT -> gt(x, xo, y, yo, out, oo, n);
            case EQ -> eq(x, xo, y, yo, out, oo, n);
            case RELU_BACKWARD -> reluBackward(x, xo, y, yo, out, oo, n);
            case LEAKY_RELU_BACKWARD -> leakyReluBackward(x, xo, y, yo, out, oo, n, p0);
            case TANH_BACKWARD -> tanhBackward(x, xo, y, yo, out, oo, n);
            case CLAMP_BACKWARD -> clampBackward(x, xo, y, yo, out, oo, n, p0, p1);
            case ABS_BACKWARD -> absBackward(x, xo, y, yo, out, oo, n);
            case SILU_BACKWARD -> siluBackward(x, xo, y, yo, out, oo, n);
            case POW -> pow(x, xo, y, yo, out, oo, n);
        }
    }

    private static void scalarRight(BinaryOp op, float[] x, int xo, float s, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> addScalar(x, xo, s, out, oo, n);
            case SUB -> subScalar(x, xo, s, out, oo, n);
            case MUL -> mulScalar(x, xo, s, out, oo, n);
            case DIV -> divScalar(x, xo, s, out, oo, n);
            case MAXIMUM -> maximumScalar(x, xo, s, out, oo, n);
            case MINIMUM -> minimumScalar(x, xo, s, out, oo, n);
            default -> throw new IllegalArgumentException("no scalar form for " + op);
        }
    }

    private static void scalarLeft(BinaryOp op, float s, float[] y, int yo, float[] out, int oo, int n) {
        if (op == BinaryOp.SUB) {
            scalarSub(s, y, yo, out, oo, n);
        } else {
            scalarDiv(s, y, yo, out, oo, n);
        }
    }

    private static void add(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            a.add(b).intoArray(out, oo + i);
        }
    }

    private static void sub(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            a.sub(b).intoArray(out, oo + i);
        }
    }

    private static void mul(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            a.mul(b).intoArray(out, oo + i);
        }
    }

    private static void div(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            a.div(b).intoArray(out, oo + i);
        }
    }

    private static void maximum(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            a.max(b).intoArray(out, oo + i);
        }
    }

    private static void minimum(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            a.min(b).intoArray(out, oo + i);
        }
    }

    private static void gt(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            a.broadcast(0f).blend(1f, a.compare(VectorOperators.GT, b)).intoArray(out, oo + i);
        }
    }

    private static void eq(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            a.broadcast(0f).blend(1f, a.compare(VectorOperators.EQ, b)).intoArray(out, oo + i);
        }
    }

    private static void reluBackward(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            b.broadcast(0f).blend(b, a.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
        }
    }

    private static void leakyReluBackward(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n, float p0) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            b.mul(p0).blend(b, a.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
        }
    }

    private static void tanhBackward(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            b.mul(a.neg().fma(a, a.broadcast(1f))).intoArray(out, oo + i);
        }
    }

    private static void clampBackward(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n, float p0, float p1) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            b.broadcast(0f).blend(b, a.compare(VectorOperators.GE, p0).and(a.compare(VectorOperators.LE, p1))).intoArray(out, oo + i);
        }
    }

    private static void absBackward(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            b.mul(a.blend(1f, a.compare(VectorOperators.GT, 0f)).blend(-1f, a.compare(VectorOperators.LT, 0f))).intoArray(out, oo + i);
        }
    }

    private static void addScalar(float[] x, int xo, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            a.add(s).intoArray(out, oo + i);
        }
    }

    private static void subScalar(float[] x, int xo, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            a.sub(s).intoArray(out, oo + i);
        }
    }

    private static void mulScalar(float[] x, int xo, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            a.mul(s).intoArray(out, oo + i);
        }
    }

    private static void divScalar(float[] x, int xo, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            a.div(s).intoArray(out, oo + i);
        }
    }

    private static void maximumScalar(float[] x, int xo, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            a.max(s).intoArray(out, oo + i);
        }
    }

    private static void minimumScalar(float[] x, int xo, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            a.min(s).intoArray(out, oo + i);
        }
    }

    private static void scalarSub(float s, float[] y, int yo, float[] out, int oo, int n) {
        FloatVector a = FloatVector.broadcast(F, s);
        for (int i = 0; i < n; i += LANES) {
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            a.sub(b).intoArray(out, oo + i);
        }
    }

    private static void scalarDiv(float s, float[] y, int yo, float[] out, int oo, int n) {
        FloatVector a = FloatVector.broadcast(F, s);
        for (int i = 0; i < n; i += LANES) {
            FloatVector b = FloatVector.fromArray(F, y, yo + i);
            a.div(b).intoArray(out, oo + i);
        }
    }

    /** b silu'(a) = b sigma (1 + a (1 - sigma)): sigma(a) into out, then combined. */
    private static void siluBackward(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        VecMath.sigmoid(x, xo, out, oo, n);
        for (int i = 0; i < n; i += LANES) {
            FloatVector s = FloatVector.fromArray(F, out, oo + i);
            FloatVector a = FloatVector.fromArray(F, x, xo + i);
            FloatVector.fromArray(F, y, yo + i).mul(s.mul(a.mul(s.broadcast(1f).sub(s)).add(1f))).intoArray(out, oo + i);
        }
    }

    /** a ^ b through {@link Math#pow} in double, for the reasons given at UnaryKernels.pow. */
    private static void pow(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) Math.pow(x[xo + i], y[yo + i]);
        }
    }
}
