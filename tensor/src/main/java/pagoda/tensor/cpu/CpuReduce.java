package pagoda.tensor.cpu;

import pagoda.tensor.*;

/** Temporary stub: replaced by the real kernels. */
final class CpuReduce {
    private CpuReduce() {
    }

    static void reduce(WorkPool pool, ReduceOp op, Tensor x, int[] axes, float p0, Tensor out) {
        throw new UnsupportedOperationException("CpuReduce: not implemented yet");
    }
}
