package pagoda.eval;

import java.util.Arrays;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Improved precision and recall (Kynkaanniemi et al. 2019, "Improved precision and recall metric for
 * assessing generative models", eqs. 1-3). Each set's manifold is the union of balls around its vectors
 * whose radius is the distance to the k-th nearest other vector of the same set; precision is the
 * fraction of generated vectors inside the real manifold, recall the fraction of real vectors inside
 * the generated one. k = 3 as in the paper. A vector on a ball's boundary counts as inside.
 *
 * <p>Distances come from float32 Gram matrices on the given backend, in row blocks so that memory stays
 * at {@code BLOCK x n} floats; comparisons are between squared distances.
 */
public final class PrecisionRecall {
    public static final int DEFAULT_K = 3;
    private static final int BLOCK = 1024;

    public record Result(double precision, double recall, int k) {
    }

    private PrecisionRecall() {
    }

    public static Result of(Features real, Features generated, int k, Backend backend) {
        if (real.dim() != generated.dim()) {
            throw new IllegalArgumentException("precision/recall between features of different sizes: "
                    + real.dim() + " and " + generated.dim());
        }
        if (k < 1 || real.n() <= k || generated.n() <= k) {
            throw new IllegalArgumentException("precision/recall with k = " + k + " needs more than k vectors in each set; got "
                    + real.n() + " real and " + generated.n() + " generated");
        }
        double precision = coverage(real, generated, k, backend);
        double recall = coverage(generated, real, k, backend);
        return new Result(precision, recall, k);
    }

    /** The fraction of {@code probes} inside the k-nearest-neighbour manifold of {@code support}. */
    static double coverage(Features support, Features probes, int k, Backend backend) {
        Tensor all = support.rows(backend, 0, support.n());
        float[] radii2 = kthNeighbourDistances2(support, all, k, backend);
        float[] supportNorms2 = norms2(support);
        int inside = 0;
        for (int from = 0; from < probes.n(); from += BLOCK) {
            int to = Math.min(probes.n(), from + BLOCK);
            float[] dist2 = distances2(probes, from, to, all, supportNorms2, backend);
            int cols = support.n();
            for (int i = 0; i < to - from; i++) {
                for (int j = 0; j < cols; j++) {
                    if (dist2[i * cols + j] <= radii2[j]) {
                        inside++;
                        break;
                    }
                }
            }
        }
        return (double) inside / probes.n();
    }

    /** Squared distance of each vector to its k-th nearest neighbour in the same set, itself excluded. */
    static float[] kthNeighbourDistances2(Features set, Tensor all, int k, Backend backend) {
        float[] norms2 = norms2(set);
        float[] out = new float[set.n()];
        float[] smallest = new float[k];
        for (int from = 0; from < set.n(); from += BLOCK) {
            int to = Math.min(set.n(), from + BLOCK);
            float[] dist2 = distances2(set, from, to, all, norms2, backend);
            int cols = set.n();
            for (int i = 0; i < to - from; i++) {
                Arrays.fill(smallest, Float.POSITIVE_INFINITY);
                for (int j = 0; j < cols; j++) {
                    if (j != from + i) {
                        insert(smallest, dist2[i * cols + j]);
                    }
                }
                out[from + i] = smallest[k - 1];
            }
        }
        return out;
    }

    /** Keeps {@code smallest} the sorted k smallest values seen. */
    private static void insert(float[] smallest, float v) {
        int k = smallest.length;
        if (!(v < smallest[k - 1])) {
            return;
        }
        int i = k - 1;
        while (i > 0 && smallest[i - 1] > v) {
            smallest[i] = smallest[i - 1];
            i--;
        }
        smallest[i] = v;
    }

    /** |p_i - s_j|^2 = |p_i|^2 + |s_j|^2 - 2 p_i . s_j for probe rows [from, to) and all support rows, clipped at 0. */
    private static float[] distances2(Features probes, int from, int to, Tensor support, float[] supportNorms2, Backend backend) {
        float[] gram = Ops.matmul(probes.rows(backend, from, to), support.transpose(0, 1)).toFloatArray();
        int cols = support.size(0);
        int d = probes.dim();
        float[] v = probes.values();
        for (int i = 0; i < to - from; i++) {
            double pn = 0;
            for (int c = 0; c < d; c++) {
                double x = v[(from + i) * d + c];
                pn += x * x;
            }
            for (int j = 0; j < cols; j++) {
                gram[i * cols + j] = (float) Math.max(0, pn + supportNorms2[j] - 2.0 * gram[i * cols + j]);
            }
        }
        return gram;
    }

    private static float[] norms2(Features f) {
        float[] out = new float[f.n()];
        float[] v = f.values();
        int d = f.dim();
        for (int i = 0; i < f.n(); i++) {
            double s = 0;
            for (int c = 0; c < d; c++) {
                double x = v[i * d + c];
                s += x * x;
            }
            out[i] = (float) s;
        }
        return out;
    }
}
