package pagoda.tensor.ref;

import static pagoda.tensor.ref.GradCheck.assertAdjoint;
import static pagoda.tensor.ref.GradCheck.assertGradient;
import static pagoda.tensor.ref.GradCheck.dot;
import static pagoda.tensor.ref.GradCheck.numel;
import static pagoda.tensor.ref.GradCheck.numeric;
import static pagoda.tensor.ref.GradCheck.tensor;
import static pagoda.tensor.ref.GradCheck.uniform;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pagoda.tensor.NnOps;
import pagoda.tensor.ResizeFilter;

/**
 * The linear resampling ops and their adjoints: firUp against firDown, resizeBackward against resize,
 * by the identity {@code <A x, y> = <x, A^T y>} and by central differences of {@code <A x, y>}.
 */
class ResampleGradientTest {

    /** EDM's filters: [1, 1] (box) and [1, 3, 3, 1], as outer products normalised to sum 1. */
    private static float[] edmFilter(int k) {
        double[] taps = k == 2 ? new double[] {1, 1} : new double[] {1, 3, 3, 1};
        double sum = 0;
        for (double t : taps) {
            sum += t;
        }
        float[] f = new float[k * k];
        for (int u = 0; u < k; u++) {
            for (int v = 0; v < k; v++) {
                f[u * k + v] = (float) (taps[u] * taps[v] / (sum * sum));
            }
        }
        return f;
    }

    @ParameterizedTest(name = "x [2, 3, {0}, {1}], filter {2}x{2}, pad {3}, gain {4}")
    @CsvSource({
            "8, 8, 2, 0, 1",   // EDM down with the box filter
            "8, 6, 4, 1, 1",   // EDM down with [1, 3, 3, 1]
            "7, 5, 4, 1, 1",   // odd sizes: firDown drops the last row and column, firUp must not invent them
            "6, 7, 3, 1, 4",   // an odd filter and EDM's up-sampling gain
            "5, 5, 1, 0, 2",   // 1x1 filter: plain subsampling
    })
    void firUpIsTheAdjointOfFirDown(int h, int w, int k, int pad, float gain) {
        float[] filter = k == 2 || k == 4 ? edmFilter(k) : randomFilter(k);
        int[] xs = {2, 3, h, w};
        int[] ys = {2, 3, (h + 2 * pad - k) / 2 + 1, (w + 2 * pad - k) / 2 + 1};
        double[] x = uniform(71, numel(xs));
        double[] y = uniform(72, numel(ys));
        double[] down = NnOps.firDown(tensor(x, xs), filter, k, pad, gain).toDoubleArray();
        double[] up = NnOps.firUp(tensor(y, ys), filter, k, pad, gain, h, w).toDoubleArray();
        assertAdjoint("firDown/firUp", down, y, x, up);
        assertGradient("firDown's gradient is firUp",
                numeric(v -> dot(NnOps.firDown(tensor(v, xs), filter, k, pad, gain), y), x), up);
        assertGradient("firUp's gradient is firDown",
                numeric(v -> dot(NnOps.firUp(tensor(v, ys), filter, k, pad, gain, h, w), x), y), down);
    }

    private static float[] randomFilter(int k) {
        double[] v = uniform(73, k * k);
        float[] f = new float[k * k];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @ParameterizedTest(name = "{4} antialias={5}: [{0}, {1}] -> [{2}, {3}]")
    @CsvSource({
            "8, 8, 4, 4, BOX, true",
            "9, 7, 4, 3, BILINEAR, true",
            "9, 7, 4, 3, BILINEAR, false",
            "5, 6, 11, 13, BICUBIC, true",
            "13, 6, 5, 9, BICUBIC, true",
            "13, 6, 5, 9, BICUBIC, false",
            "6, 5, 6, 5, BICUBIC, true",
            "7, 3, 5, 8, BOX, false",
    })
    void resizeBackwardIsTheAdjointOfResize(int h, int w, int oh, int ow, ResizeFilter filter, boolean antialias) {
        int[] xs = {2, 2, h, w};
        int[] ys = {2, 2, oh, ow};
        double[] x = uniform(81, numel(xs));
        double[] y = uniform(82, numel(ys));
        double[] fwd = NnOps.resize(tensor(x, xs), oh, ow, filter, antialias).toDoubleArray();
        double[] back = NnOps.resizeBackward(tensor(y, ys), xs, filter, antialias).toDoubleArray();
        assertAdjoint("resize/resizeBackward", fwd, y, x, back);
        assertGradient("resize's gradient is resizeBackward",
                numeric(v -> dot(NnOps.resize(tensor(v, xs), oh, ow, filter, antialias), y), x), back);
    }
}
