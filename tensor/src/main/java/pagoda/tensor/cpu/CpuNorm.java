package pagoda.tensor.cpu;

import pagoda.tensor.*;

/** Temporary stub: replaced by the real kernels. */
final class CpuNorm {
    private CpuNorm() {
    }

    static void groupNorm(WorkPool pool, Tensor x, Tensor gamma, Tensor beta, int groups, float eps, Tensor out, Tensor mean, Tensor rstd) {
        throw new UnsupportedOperationException("CpuNorm: not implemented yet");
    }

    static void groupNormBackward(WorkPool pool, Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, int groups, Tensor dx, Tensor dgamma, Tensor dbeta) {
        throw new UnsupportedOperationException("CpuNorm: not implemented yet");
    }

    static void softmax(WorkPool pool, Tensor x, Tensor out) {
        throw new UnsupportedOperationException("CpuNorm: not implemented yet");
    }

    static void softmaxBackward(WorkPool pool, Tensor y, Tensor dy, Tensor dx) {
        throw new UnsupportedOperationException("CpuNorm: not implemented yet");
    }
}
