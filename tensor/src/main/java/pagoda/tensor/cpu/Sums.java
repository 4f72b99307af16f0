package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector accumulations over contiguous spans, shared by reductions, normalisation and softmax.
 *
 * <p>Accuracy: a span is cut into blocks of {@link #BLOCK} elements counted from its start; a block is
 * summed in four float vector accumulators (each lane adds at most BLOCK / (4 LANES) terms), its lanes
 * are added in lane order in double (by {@code lane(l)}: {@code reduceLanes(ADD)} changes its order
 * between JIT tiers, see {@link VecMath}), and the block totals are added in double. The float error thus
 * stays that of a sum of BLOCK / (4 LANES) terms, however long the span; the rest is double rounding.
 * The order depends only on the span, so results never depend on the caller's thread.
 */
final class Sums {
    static final int BLOCK = 4096;
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int LANES = Simd.LANES;

    private Sums() {
    }

    /** sum of a[off .. off + n). */
    static double sum(float[] a, int off, int n) {
        return sum(a, off, n, 0f);
    }

    /**
     * sum of (a[i] - c) over a[off .. off + n). With c a sample of the data (the shifted-data algorithm)
     * the float blocks add deviations, not the mean, so the sum stays accurate on the scale of the
     * spread; variance needs that.
     */
    static double sum(float[] a, int off, int n, float c) {
        double total = 0;
        for (int b = 0; b < n; b += BLOCK) {
            total += sumBlock(a, off + b, Math.min(BLOCK, n - b), c);
        }
        return total;
    }

    private static double sumBlock(float[] a, int off, int n, float c) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (int bound = n - n % (4 * LANES); i < bound; i += 4 * LANES) {
            s0 = s0.add(FloatVector.fromArray(F, a, off + i).sub(c));
            s1 = s1.add(FloatVector.fromArray(F, a, off + i + LANES).sub(c));
            s2 = s2.add(FloatVector.fromArray(F, a, off + i + 2 * LANES).sub(c));
            s3 = s3.add(FloatVector.fromArray(F, a, off + i + 3 * LANES).sub(c));
        }
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            s0 = s0.add(FloatVector.fromArray(F, a, off + i).sub(c));
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            s1 = s1.add(FloatVector.fromArray(F, a, off + i, m).sub(c).blend(0f, m.not()));
        }
        FloatVector s = s0.add(s1).add(s2.add(s3));
        double total = 0;
        for (int l = 0; l < LANES; l++) {
            total += s.lane(l);
        }
        return total;
    }

    /** sum of (a[i] - c)^2 over a[off .. off + n): the second pass of a two-pass variance. */
    static double sumSquares(float[] a, int off, int n, float c) {
        double total = 0;
        for (int b = 0; b < n; b += BLOCK) {
            total += sumSquaresBlock(a, off + b, Math.min(BLOCK, n - b), c);
        }
        return total;
    }

    private static double sumSquaresBlock(float[] a, int off, int n, float c) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (int bound = n - n % (4 * LANES); i < bound; i += 4 * LANES) {
            FloatVector d0 = FloatVector.fromArray(F, a, off + i).sub(c);
            FloatVector d1 = FloatVector.fromArray(F, a, off + i + LANES).sub(c);
            FloatVector d2 = FloatVector.fromArray(F, a, off + i + 2 * LANES).sub(c);
            FloatVector d3 = FloatVector.fromArray(F, a, off + i + 3 * LANES).sub(c);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
            s2 = d2.fma(d2, s2);
            s3 = d3.fma(d3, s3);
        }
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            FloatVector d = FloatVector.fromArray(F, a, off + i).sub(c);
            s0 = d.fma(d, s0);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(F, a, off + i, m).sub(c).blend(0f, m.not());
            s1 = d.fma(d, s1);
        }
        FloatVector s = s0.add(s1).add(s2.add(s3));
        double total = 0;
        for (int l = 0; l < LANES; l++) {
            total += s.lane(l);
        }
        return total;
    }

    /** sum of a[ao + i] * b[bo + i] for i in [0, n). */
    static double dot(float[] a, int ao, float[] b, int bo, int n) {
        double total = 0;
        for (int k = 0; k < n; k += BLOCK) {
            total += dotBlock(a, ao + k, b, bo + k, Math.min(BLOCK, n - k));
        }
        return total;
    }

    private static double dotBlock(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (int bound = n - n % (4 * LANES); i < bound; i += 4 * LANES) {
            s0 = FloatVector.fromArray(F, a, ao + i).fma(FloatVector.fromArray(F, b, bo + i), s0);
            s1 = FloatVector.fromArray(F, a, ao + i + LANES).fma(FloatVector.fromArray(F, b, bo + i + LANES), s1);
            s2 = FloatVector.fromArray(F, a, ao + i + 2 * LANES).fma(FloatVector.fromArray(F, b, bo + i + 2 * LANES), s2);
            s3 = FloatVector.fromArray(F, a, ao + i + 3 * LANES).fma(FloatVector.fromArray(F, b, bo + i + 3 * LANES), s3);
        }
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            s0 = FloatVector.fromArray(F, a, ao + i).fma(FloatVector.fromArray(F, b, bo + i), s0);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            s1 = FloatVector.fromArray(F, a, ao + i, m).fma(FloatVector.fromArray(F, b, bo + i, m), s1);
        }
        FloatVector s = s0.add(s1).add(s2.add(s3));
        double total = 0;
        for (int l = 0; l < LANES; l++) {
            total += s.lane(l);
        }
        return total;
    }

    /** max of a[off .. off + n), n >= 1, with Math.max's NaN and signed-zero rules. */
    static float max(float[] a, int off, int n) {
        FloatVector s0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (int bound = n - n % (4 * LANES); i < bound; i += 4 * LANES) {
            s0 = s0.max(FloatVector.fromArray(F, a, off + i));
            s1 = s1.max(FloatVector.fromArray(F, a, off + i + LANES));
            s2 = s2.max(FloatVector.fromArray(F, a, off + i + 2 * LANES));
            s3 = s3.max(FloatVector.fromArray(F, a, off + i + 3 * LANES));
        }
        for (; i < n; i += LANES) {
            VectorMask<Float> m = F.indexInRange(i, n);
            s0 = s0.max(FloatVector.fromArray(F, a, off + i, m).blend(Float.NEGATIVE_INFINITY, m.not()));
        }
        FloatVector s = s0.max(s1).max(s2.max(s3));
        float r = Float.NEGATIVE_INFINITY;
        for (int l = 0; l < LANES; l++) {
            r = Math.max(r, s.lane(l));
        }
        return r;
    }

    /** min of a[off .. off + n), n >= 1. */
    static float min(float[] a, int off, int n) {
        FloatVector s0 = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (int bound = n - n % (4 * LANES); i < bound; i += 4 * LANES) {
            s0 = s0.min(FloatVector.fromArray(F, a, off + i));
            s1 = s1.min(FloatVector.fromArray(F, a, off + i + LANES));
            s2 = s2.min(FloatVector.fromArray(F, a, off + i + 2 * LANES));
            s3 = s3.min(FloatVector.fromArray(F, a, off + i + 3 * LANES));
        }
        for (; i < n; i += LANES) {
            VectorMask<Float> m = F.indexInRange(i, n);
            s0 = s0.min(FloatVector.fromArray(F, a, off + i, m).blend(Float.POSITIVE_INFINITY, m.not()));
        }
        FloatVector s = s0.min(s1).min(s2.min(s3));
        float r = Float.POSITIVE_INFINITY;
        for (int l = 0; l < LANES; l++) {
            r = Math.min(r, s.lane(l));
        }
        return r;
    }

    // ---- column accumulations: acc[j] op= a[off + j] for one row of a reduction over rows -------------

    /** acc[j] += a[off + j] for j in [0, n). */
    static void addRow(float[] a, int off, float[] acc, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += LANES) {
            FloatVector.fromArray(F, acc, j).add(FloatVector.fromArray(F, a, off + j)).intoArray(acc, j);
        }
        if (j < n) {
            VectorMask<Float> m = F.indexInRange(j, n);
            FloatVector.fromArray(F, acc, j, m).add(FloatVector.fromArray(F, a, off + j, m)).intoArray(acc, j, m);
        }
    }

    /** acc[j] += a[off + j] - c[co + j] for j in [0, n). */
    static void addDeviationsRow(float[] a, int off, float[] c, int co, float[] acc, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += LANES) {
            FloatVector d = FloatVector.fromArray(F, a, off + j).sub(FloatVector.fromArray(F, c, co + j));
            FloatVector.fromArray(F, acc, j).add(d).intoArray(acc, j);
        }
        if (j < n) {
            VectorMask<Float> m = F.indexInRange(j, n);
            FloatVector d = FloatVector.fromArray(F, a, off + j, m).sub(FloatVector.fromArray(F, c, co + j, m));
            FloatVector.fromArray(F, acc, j, m).add(d).intoArray(acc, j, m);
        }
    }

    /** acc[j] += (a[off + j] - c[co + j])^2 for j in [0, n). */
    static void addSquaresRow(float[] a, int off, float[] c, int co, float[] acc, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += LANES) {
            FloatVector d = FloatVector.fromArray(F, a, off + j).sub(FloatVector.fromArray(F, c, co + j));
            d.fma(d, FloatVector.fromArray(F, acc, j)).intoArray(acc, j);
        }
        if (j < n) {
            VectorMask<Float> m = F.indexInRange(j, n);
            FloatVector d = FloatVector.fromArray(F, a, off + j, m).sub(FloatVector.fromArray(F, c, co + j, m));
            d.fma(d, FloatVector.fromArray(F, acc, j, m)).intoArray(acc, j, m);
        }
    }

    /** acc[j] = max(acc[j], a[off + j]) for j in [0, n). */
    static void maxRow(float[] a, int off, float[] acc, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += LANES) {
            FloatVector.fromArray(F, acc, j).max(FloatVector.fromArray(F, a, off + j)).intoArray(acc, j);
        }
        if (j < n) {
            VectorMask<Float> m = F.indexInRange(j, n);
            FloatVector.fromArray(F, acc, j, m).max(FloatVector.fromArray(F, a, off + j, m)).intoArray(acc, j, m);
        }
    }

    /** acc[j] = min(acc[j], a[off + j]) for j in [0, n). */
    static void minRow(float[] a, int off, float[] acc, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += LANES) {
            FloatVector.fromArray(F, acc, j).min(FloatVector.fromArray(F, a, off + j)).intoArray(acc, j);
        }
        if (j < n) {
            VectorMask<Float> m = F.indexInRange(j, n);
            FloatVector.fromArray(F, acc, j, m).min(FloatVector.fromArray(F, a, off + j, m)).intoArray(acc, j, m);
        }
    }
}
