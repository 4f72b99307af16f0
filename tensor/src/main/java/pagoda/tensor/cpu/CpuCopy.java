package pagoda.tensor.cpu;

import pagoda.tensor.*;

/** Temporary stub: replaced by the real kernels. */
final class CpuCopy {
    private CpuCopy() {
    }

    static void copy(WorkPool pool, Tensor src, Tensor dst) {
        throw new UnsupportedOperationException("CpuCopy: not implemented yet");
    }

    static void fill(WorkPool pool, Tensor dst, float value) {
        throw new UnsupportedOperationException("CpuCopy: not implemented yet");
    }
}
