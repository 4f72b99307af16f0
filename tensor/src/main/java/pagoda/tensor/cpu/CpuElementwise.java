package pagoda.tensor.cpu;

import pagoda.tensor.*;

/** Temporary stub: replaced by the real kernels. */
final class CpuElementwise {
    private CpuElementwise() {
    }

    static void unary(WorkPool pool, UnaryOp op, Tensor x, float p0, float p1, Tensor out) {
        throw new UnsupportedOperationException("CpuElementwise: not implemented yet");
    }

    static void binary(WorkPool pool, BinaryOp op, Tensor a, Tensor b, float p0, float p1, Tensor out) {
        throw new UnsupportedOperationException("CpuElementwise: not implemented yet");
    }
}
