package pagoda.tensor.cpu;

import pagoda.tensor.*;

/** Temporary stub: replaced by the real kernels. */
final class CpuResize {
    private CpuResize() {
    }

    static void resize(WorkPool pool, Tensor x, ResizeFilter filter, boolean antialias, Tensor out) {
        throw new UnsupportedOperationException("CpuResize: not implemented yet");
    }

    static void resizeBackward(WorkPool pool, Tensor dy, ResizeFilter filter, boolean antialias, Tensor dx) {
        throw new UnsupportedOperationException("CpuResize: not implemented yet");
    }
}
