package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax along contiguous rows and its gradient; rows may be computed in place (attention does).
 * Forward, per row: the max, {@code e = exp(x - max)} written out (the last partial vector through a
 * pad), the sum of e (in float blocks widened to double, {@link Sums}), then {@code e * (1 / sum)}; the
 * passes after the first stay in L1 for the row lengths attention uses. Backward:
 * {@code dx = y (dy - sum(dy y))}. Tasks are fixed groups of whole rows.
 */
final class Softmax {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int LANES = Simd.LANES;
    /** Elements a task aims at. */
    private static final int TASK = 1 << 14;

    private Softmax() {
    }

    static void forward(WorkPool pool, float[] x, int xo, float[] out, int oo, long numel, int len) {
        if (numel == 0) {
            return;
        }
        int rows = (int) (numel / len);
        int perTask = Math.max(1, TASK / len);
        pool.run((rows + perTask - 1) / perTask, t -> {
            int r1 = Math.min(rows, (t + 1) * perTask);
            float[] pad = new float[LANES];
            for (int r = t * perTask; r < r1; r++) {
                row(x, xo + r * len, out, oo + r * len, len, pad);
            }
        });
    }

    static void backward(WorkPool pool, float[] y, int yo, float[] dy, int dyo, float[] dx, int dxo, long numel, int len) {
        if (numel == 0) {
            return;
        }
        int rows = (int) (numel / len);
        int perTask = Math.max(1, TASK / len);
        pool.run((rows + perTask - 1) / perTask, t -> {
            int r1 = Math.min(rows, (t + 1) * perTask);
            for (int r = t * perTask; r < r1; r++) {
                rowBackward(y, yo + r * len, dy, dyo + r * len, dx, dxo + r * len, len);
            }
        });
    }

    /** Softmax of x[xo .. xo + n) into out[oo ..]; out may be x itself; pad holds LANES floats. */
    static void row(float[] x, int xo, float[] out, int oo, int n, float[] pad) {
        float max = Sums.max(x, xo, n);
        int full = n - n % LANES;
        VecMath.exp(x, xo, max, out, oo, full);
        if (full < n) {
            System.arraycopy(x, xo + full, pad, 0, n - full);
            VecMath.exp(pad, 0, max, pad, 0, LANES);
            System.arraycopy(pad, 0, out, oo + full, n - full);
        }
        float inv = (float) (1.0 / Sums.sum(out, oo, n));
        for (int i = 0; i < full; i += LANES) {
            FloatVector.fromArray(F, out, oo + i).mul(inv).intoArray(out, oo + i);
        }
        if (full < n) {
            VectorMask<Float> m = F.indexInRange(full, n);
            FloatVector.fromArray(F, out, oo + full, m).mul(inv).intoArray(out, oo + full, m);
        }
    }

    /** dx = y (dy - sum(dy y)) over one row; dx may be dy itself. */
    static void rowBackward(float[] y, int yo, float[] dy, int dyo, float[] dx, int dxo, int n) {
        float s = (float) Sums.dot(y, yo, dy, dyo, n);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(F, dy, dyo + i).sub(s).mul(FloatVector.fromArray(F, y, yo + i)).intoArray(dx, dxo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector.fromArray(F, dy, dyo + i, m).sub(s).mul(FloatVector.fromArray(F, y, yo + i, m)).intoArray(dx, dxo + i, m);
        }
    }
}
