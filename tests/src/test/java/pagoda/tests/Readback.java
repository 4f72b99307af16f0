package pagoda.tests;

import pagoda.tensor.Tensor;

/**
 * Reads the elements of any view back to the host without running a kernel: the whole storage is
 * downloaded and gathered through the view's strides on the host. The conformance suite reads outputs
 * this way so that a case tests its own op, not the backend's copy kernel as well.
 */
final class Readback {
    private Readback() {
    }

    /** The elements of {@code t} in row-major order of its shape, widened to double. */
    static double[] values(Tensor t) {
        long size = t.storage().numel();
        double[] all = new double[Math.toIntExact(size)];
        t.backend().downloadDoubles(t.storage(), 0, all, 0, all.length);
        int[] shape = t.shape();
        long[] strides = t.strides();
        double[] out = new double[Math.toIntExact(t.numel())];
        for (int e = 0; e < out.length; e++) {
            long at = t.offset();
            int rest = e;
            for (int d = shape.length - 1; d >= 0; d--) {
                at += (rest % shape[d]) * strides[d];
                rest /= shape[d];
            }
            out[e] = all[(int) at];
        }
        return out;
    }
}
