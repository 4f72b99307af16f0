package pagoda.unet;

import pagoda.tensor.Tensor;

/** The fixtures' error measure: |out - ref| / |ref| in the 2-norm over the whole tensor (../shared/fixtures/README.md). */
final class Relative {
    private Relative() {
    }

    static double error(Tensor out, Tensor ref) {
        return error(out.toDoubleArray(), ref.toDoubleArray());
    }

    static double error(double[] out, double[] ref) {
        if (out.length != ref.length) {
            throw new AssertionError("sizes differ: " + out.length + " vs " + ref.length);
        }
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < out.length; i++) {
            diff += (out[i] - ref[i]) * (out[i] - ref[i]);
            norm += ref[i] * ref[i];
        }
        return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
    }
}
