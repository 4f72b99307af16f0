package pagoda.tensor.cpu;

import pagoda.tensor.*;

/** Temporary stub: replaced by the real kernels. */
final class CpuResample {
    private CpuResample() {
    }

    static void firDown(WorkPool pool, Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        throw new UnsupportedOperationException("CpuResample: not implemented yet");
    }

    static void firUp(WorkPool pool, Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        throw new UnsupportedOperationException("CpuResample: not implemented yet");
    }
}
