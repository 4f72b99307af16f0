package pagoda.tensor.cpu;

import pagoda.tensor.*;

/** Temporary stub: replaced by the real kernels. */
final class CpuAttention {
    private CpuAttention() {
    }

    static void forward(WorkPool pool, Tensor q, Tensor k, Tensor v, Tensor out, Tensor weights) {
        throw new UnsupportedOperationException("CpuAttention: not implemented yet");
    }

    static void backward(WorkPool pool, Tensor q, Tensor k, Tensor v, Tensor weights, Tensor dout, Tensor dq, Tensor dk, Tensor dv) {
        throw new UnsupportedOperationException("CpuAttention: not implemented yet");
    }
}
