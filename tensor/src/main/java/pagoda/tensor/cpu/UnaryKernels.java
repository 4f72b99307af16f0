package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import pagoda.tensor.UnaryOp;

/**
 * The element-wise functions of one contiguous run, one loop per {@link UnaryOp}: the op is chosen once
 * per run, because a {@code VectorOperators} value that is not a compile-time constant falls off the
 * intrinsic path. The loops take whole vectors only; {@link #apply} sends the last {@code n mod LANES}
 * elements through the same loop on a one-vector pad, so every element goes through the same lane
 * arithmetic wherever it sits, and no loop carries a second (masked) copy of its body. Vectors never
 * cross a method boundary of ours (see {@link VecMath}). SIGN keeps Math.signum's zeros and NaN.
 */
final class UnaryKernels {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int LANES = Simd.LANES;
    /** Elements per call of a loop: the multi-pass ops (sigmoid, SiLU, tanh) then pass over L1-resident data. */
    private static final int CHUNK = 1024;

    private UnaryKernels() {
    }

    /** A pad for {@link #apply}: room for one input and one output vector. */
    static float[] pad() {
        return new float[2 * LANES];
    }

    /** {@code out[oo + i] = op(in[io + i]; p0, p1)} for i in [0, n); {@code pad} from {@link #pad()}. */
    static void apply(UnaryOp op, float p0, float p1, float[] in, int io, float[] out, int oo, int n, float[] pad) {
        int full = n - n % LANES;
        for (int c = 0; c < full; c += CHUNK) {
            vectors(op, p0, p1, in, io + c, out, oo + c, Math.min(CHUNK, full - c));
        }
        if (full < n) {
            System.arraycopy(in, io + full, pad, 0, n - full);
            vectors(op, p0, p1, pad, 0, pad, LANES, LANES);
            System.arraycopy(pad, LANES, out, oo + full, n - full);
        }
    }

    /** As {@link #apply} for n a multiple of LANES; out never aliases in. */
    private static void vectors(UnaryOp op, float p0, float p1, float[] in, int io, float[] out, int oo, int n) {
        switch (op) {
            case NEG -> neg(in, io, out, oo, n);
            case EXP -> VecMath.exp(in, io, out, oo, n);
            case LOG -> VecMath.log(in, io, out, oo, n);
            case SQRT -> sqrt(in, io, out, oo, n);
            case RSQRT -> rsqrt(in, io, out, oo, n);
            case SQUARE -> square(in, io, out, oo, n);
            case ABS -> abs(in, io, out, oo, n);
            case SIGN -> sign(in, io, out, oo, n);
            case RELU -> relu(in, io, out, oo, n);
            case LEAKY_RELU -> leakyRelu(in, io, out, oo, n, p0);
            case CLAMP -> clamp(in, io, out, oo, n, p0, p1);
            case AFFINE -> affine(in, io, out, oo, n, p0, p1);
            case RECIPROCAL -> reciprocal(in, io, out, oo, n);
            case TANH -> VecMath.tanh(in, io, out, oo, n);
            case SIGMOID -> VecMath.sigmoid(in, io, out, oo, n);
            case SILU -> silu(in, io, out, oo, n);
            case SILU_GRAD -> siluGrad(in, io, out, oo, n);
            case POW -> pow(in, io, out, oo, n, p0);
        }
    }


    private static void neg(float[] in, int io, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, in, io + i);
            x.neg().intoArray(out, oo + i);
        }
    }

    private static void sqrt(float[] in, int io, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, in, io + i);
            x.sqrt().intoArray(out, oo + i);
        }
    }

    private static void rsqrt(float[] in, int io, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, in, io + i);
            x.broadcast(1f).div(x.sqrt()).intoArray(out, oo + i);
        }
    }

    private static void square(float[] in, int io, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, in, io + i);
            x.mul(x).intoArray(out, oo + i);
        }
    }

    private static void abs(float[] in, int io, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, in, io + i);
            x.abs().intoArray(out, oo + i);
        }
    }

    private static void sign(float[] in, int io, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, in, io + i);
            x.blend(1f, x.compare(VectorOperators.GT, 0f)).blend(-1f, x.compare(VectorOperators.LT, 0f)).intoArray(out, oo + i);
        }
    }

    private static void relu(float[] in, int io, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, in, io + i);
            x.max(0f).intoArray(out, oo + i);
        }
    }

    private static void leakyRelu(float[] in, int io, float[] out, int oo, int n, float p0) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, in, io + i);
            x.mul(p0).blend(x, x.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
        }
    }

    private static void clamp(float[] in, int io, float[] out, int oo, int n, float p0, float p1) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, in, io + i);
            x.max(p0).min(p1).intoArray(out, oo + i);
        }
    }

    private static void affine(float[] in, int io, float[] out, int oo, int n, float p0, float p1) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, in, io + i);
            x.fma(p0, p1).intoArray(out, oo + i);
        }
    }

    private static void reciprocal(float[] in, int io, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, in, io + i);
            x.broadcast(1f).div(x).intoArray(out, oo + i);
        }
    }

    /** x sigma(x): sigma into out, then scaled by x. */
    private static void silu(float[] in, int io, float[] out, int oo, int n) {
        VecMath.sigmoid(in, io, out, oo, n);
        for (int i = 0; i < n; i += LANES) {
            FloatVector.fromArray(F, out, oo + i).mul(FloatVector.fromArray(F, in, io + i)).intoArray(out, oo + i);
        }
    }

    /** d/dx x sigma(x) = sigma (1 + x (1 - sigma)): sigma into out, then combined with x. */
    private static void siluGrad(float[] in, int io, float[] out, int oo, int n) {
        VecMath.sigmoid(in, io, out, oo, n);
        for (int i = 0; i < n; i += LANES) {
            FloatVector s = FloatVector.fromArray(F, out, oo + i);
            FloatVector x = FloatVector.fromArray(F, in, io + i);
            s.mul(x.mul(s.broadcast(1f).sub(s)).add(1f)).intoArray(out, oo + i);
        }
    }

    /**
     * x ^ p0 element by element in double through {@link Math#pow}, rounded once to float: a vector
     * exp(p0 log x) would lose |p0 log x| ulp and need pow's special cases (negative bases, zeros,
     * infinities) by hand. HotSpot calls the same pow stub from the interpreter, C1 and C2 (checked: the
     * first, interpreted, results of 200,000 draws equal the compiled ones), so reruns agree bit for bit;
     * StrictMath.pow would too, at 80 ns an element. Not on the UNet's hot path.
     */
    private static void pow(float[] in, int io, float[] out, int oo, int n, float p0) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) Math.pow(in[io + i], p0);
        }
    }
}
