package pagoda.cuda.kernels;

import pagoda.cuda.Gpu;
import pagoda.tensor.Tensor;

/** fir_up.cu: EDM's FIR up-sampling, the adjoint of firDown, gathered per output element. */
public final class FirUp {
    public static final KernelSource SOURCE = new KernelSource("fir_up", "fir_up");

    private FirUp() {
    }

    public static void run(Gpu gpu, Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        Fir.run(gpu, SOURCE, "fir_up", x, filter, k, pad, gain, out);
    }
}
