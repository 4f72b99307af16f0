package pagoda.tensor.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/** Seeded inputs, host-side views of strided tensors and the comparisons the CPU kernel tests share. */
final class Fixtures {
    /** float32 machine epsilon, the unit of the normalised tolerances. */
    static final double EPS = Math.ulp(1.0f);

    private Fixtures() {
    }

    /** n draws uniform in [lo, hi) from a seeded stream. */
    static float[] uniform(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return v;
    }

    static Tensor tensor(Backend b, float[] data, int... shape) {
        return Tensor.of(b, data, shape);
    }

    static int numel(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The elements of a view in row-major order, read through its strides from the host copy of its storage. */
    static float[] elements(Tensor view) {
        float[] storage = ((CpuStorage) view.storage()).array();
        int[] shape = view.shape();
        long[] strides = view.strides();
        int n = numel(shape);
        float[] out = new float[n];
        int[] index = new int[shape.length];
        for (int i = 0; i < n; i++) {
            long off = view.offset();
            for (int d = 0; d < shape.length; d++) {
                off += index[d] * strides[d];
            }
            out[i] = storage[(int) off];
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out;
    }

    static void assertSameBits(String what, float[] want, float[] got) {
        if (want.length != got.length) {
            fail(what + ": " + got.length + " elements, expected " + want.length);
        }
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                fail(what + ": element " + i + " is " + got[i] + ", expected bit-identical " + want[i]);
            }
        }
    }

    /** Element-wise: |got - want| <= rel |want| + abs for every element (NaN must match NaN). */
    static void assertClose(String what, double[] want, float[] got, double rel, double abs) {
        if (want.length != got.length) {
            fail(what + ": " + got.length + " elements, expected " + want.length);
        }
        for (int i = 0; i < want.length; i++) {
            double w = want[i];
            double g = got[i];
            if (Double.isNaN(w) || Double.isInfinite(w)) {
                if (Double.compare((float) w, (float) g) != 0) {
                    fail(what + ": element " + i + " is " + g + ", expected " + w);
                }
                continue;
            }
            if (!(Math.abs(g - w) <= rel * Math.abs(w) + abs)) {
                fail(what + ": element " + i + " is " + g + ", expected " + w + " (error " + Math.abs(g - w)
                        + " > " + (rel * Math.abs(w) + abs) + ")");
            }
        }
    }

    /**
     * Normalised error: every |got - want| / (EPS * scale) is at most {@code factor}, with scale the
     * largest |want| (so that cancellation in single elements does not demand impossible accuracy).
     */
    static void assertNormalised(String what, double[] want, float[] got, double factor) {
        double scale = 0;
        for (double w : want) {
            scale = Math.max(scale, Math.abs(w));
        }
        scale = Math.max(scale, Float.MIN_NORMAL);
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs(got[i] - want[i]) / (EPS * scale);
            if (!(err <= factor)) {
                fail(what + ": element " + i + " is " + got[i] + ", expected " + want[i] + "; normalised error "
                        + err + " > " + factor);
            }
        }
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
