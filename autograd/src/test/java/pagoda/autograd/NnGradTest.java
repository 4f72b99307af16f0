package pagoda.autograd;

import static pagoda.autograd.GradCheck.check;
import static pagoda.autograd.GradCheck.sym;

import org.junit.jupiter.api.Test;
import pagoda.tensor.Ops;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;

/** Finite-difference checks of resampling, group and batch normalisation, softmax, attention, resizing and dropout. */
class NnGradTest {
    /** EDM's resample filters: the outer product of [1, 1] or [1, 3, 3, 1] with itself, normalised to sum 1. */
    private static float[] edmFilter(float... taps) {
        float sum = 0;
        for (float t : taps) {
            sum += t;
        }
        float[] f = new float[taps.length * taps.length];
        for (int i = 0; i < taps.length; i++) {
            for (int j = 0; j < taps.length; j++) {
                f[i * taps.length + j] = taps[i] * taps[j] / (sum * sum);
            }
        }
        return f;
    }

    @Test
    void firResampling() {
        float[] f2 = edmFilter(1, 1);
        float[] f4 = edmFilter(1, 3, 3, 1);
        check("firDown [1,1]", v -> Fn.firDown(v[0], f2, 2, 0, 1f), sym(1, 2, 2, 4, 6));
        check("firDown [1,3,3,1] pad 1", v -> Fn.firDown(v[0], f4, 4, 1, 1f), sym(2, 1, 2, 6, 4));
        check("firDown odd size", v -> Fn.firDown(v[0], f4, 4, 1, 1f), sym(3, 1, 1, 5, 7));
        check("firUp [1,1] gain 4", v -> Fn.firUp(v[0], f2, 2, 0, 4f, 6, 4), sym(4, 2, 2, 3, 2));
        check("firUp [1,3,3,1] gain 4", v -> Fn.firUp(v[0], f4, 4, 1, 4f, 6, 8), sym(5, 1, 2, 3, 4));
        check("upsampleNearest2x", v -> Fn.upsampleNearest2x(v[0]), sym(6, 2, 1, 3, 2));
        check("avgPool2x", v -> Fn.avgPool2x(v[0]), sym(7, 1, 2, 4, 6));
        check("avgPool2x odd size", v -> Fn.avgPool2x(v[0]), sym(8, 1, 2, 5, 3));
    }

    @Test
    void groupNorm() {
        check("groupNorm affine", v -> Fn.groupNorm(v[0], v[1], v[2], 2, 1e-5f),
                sym(11, 2, 4, 3, 3), sym(12, 4), sym(13, 4));
        check("groupNorm one channel per group", v -> Fn.groupNorm(v[0], v[1], v[2], 3, 1e-5f),
                sym(14, 2, 3, 2, 2), sym(15, 3), sym(16, 3));
        check("groupNorm without affine", v -> Fn.groupNorm(v[0], null, null, 1, 1e-5f), sym(17, 2, 4, 2, 3));
        check("groupNorm 3-d input", v -> Fn.groupNorm(v[0], v[1], v[2], 2, 1e-5f), sym(18, 2, 4, 5), sym(19, 4), sym(20, 4));
    }

    @Test
    void batchNorm() {
        check("batchNorm affine", v -> Fn.batchNorm(v[0], v[1], v[2], 1e-5f), sym(61, 3, 4, 3, 2), sym(62, 4), sym(63, 4));
        check("batchNorm gamma only", v -> Fn.batchNorm(v[0], v[1], null, 1e-5f), sym(64, 2, 3, 2, 2), sym(65, 3));
        check("batchNorm without affine", v -> Fn.batchNorm(v[0], null, null, 1e-5f), sym(66, 2, 3, 3, 2));
        check("batchNorm 2-d input", v -> Fn.batchNorm(v[0], v[1], v[2], 1e-5f), sym(67, 5, 3), sym(68, 3), sym(69, 3));
        check("batchNorm 3-d input, mean far from 0", v -> Fn.batchNorm(v[0], v[1], v[2], 1e-5f),
                GradCheck.uniform(70, 2, 4, 2, 3, 4), sym(71, 3), sym(72, 3));
    }

    @Test
    void batchNormEval() {
        Tensor mean = sym(73, 3);
        Tensor var = GradCheck.uniform(74, 0.2, 2, 3);
        check("batchNormEval affine", v -> Fn.batchNormEval(v[0], v[1], v[2], mean, var, 1e-5f),
                sym(75, 2, 3, 2, 3), sym(76, 3), sym(77, 3));
        check("batchNormEval without affine", v -> Fn.batchNormEval(v[0], null, null, mean, var, 1e-5f), sym(78, 2, 3, 4));
    }

    @Test
    void softmax() {
        check("softmax last axis", v -> Fn.softmax(v[0], -1), Ops.mul(sym(21, 3, 5), 3f));
        check("softmax axis 1", v -> Fn.softmax(v[0], 1), Ops.mul(sym(22, 2, 4, 3), 3f));
    }

    @Test
    void attention() {
        check("attention", v -> Fn.attention(v[0], v[1], v[2]), sym(31, 2, 4, 3), sym(32, 2, 4, 5), sym(33, 2, 4, 5));
        check("attention one query", v -> Fn.attention(v[0], v[1], v[2]), sym(34, 1, 8, 1), sym(35, 1, 8, 6), sym(36, 1, 8, 6));
    }

    @Test
    void resize() {
        for (ResizeFilter filter : ResizeFilter.values()) {
            for (boolean antialias : new boolean[] {true, false}) {
                String name = "resize " + filter + (antialias ? " antialias" : "");
                check(name + " down", v -> Fn.resize(v[0], 3, 4, filter, antialias), sym(41, 1, 2, 7, 9));
                check(name + " up", v -> Fn.resize(v[0], 8, 5, filter, antialias), sym(42, 1, 2, 3, 4));
            }
        }
    }

    @Test
    void dropout() {
        check("dropout p 0.3", v -> Fn.dropout(v[0], 0.3f, 7, 11, true), sym(51, 4, 8));
        check("dropout p 1", v -> Fn.dropout(v[0], 1f, 7, 11, true), sym(52, 2, 3));
    }
}
