package pagoda.tests;

import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * The magnitudes that error bounds scale with, computed in double on the twin: above all "the same op on
 * the absolute values of its inputs", which for a sum of products is the sum of the absolute values of
 * its terms.
 */
final class Magnitudes {
    private Magnitudes() {
    }

    /** |t| on the twin. */
    static Tensor abs(Tensor t) {
        return Ops.abs(t);
    }

    /** The element-wise absolute values of t's elements. */
    static double[] absValues(Tensor t) {
        return abs(Readback.values(t));
    }

    static double[] abs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    /** The call on |inputs| on the twin, each output's absolute values: sum|terms| of a linear op with non-negative parameters. */
    static double[][] ofAbs(OpCase.Call call, Tensor[] in) {
        Tensor[] a = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            a[i] = abs(in[i]);
        }
        Tensor[] out = call.apply(Backends.reference(), a);
        double[][] v = new double[out.length][];
        for (int i = 0; i < out.length; i++) {
            v[i] = absValues(out[i]);
        }
        return v;
    }

    /** A twin tensor holding these values. */
    static Tensor tensor(double[] values, int... shape) {
        return Tensor.ofDoubles(Backends.reference(), values, shape);
    }
}
