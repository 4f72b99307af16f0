package pagoda.cuda.kernels;

import pagoda.cuda.Gpu;
import pagoda.tensor.Tensor;

/** fir_down.cu: EDM's depthwise stride-2 FIR down-sampling. */
public final class FirDown {
    public static final KernelSource SOURCE = new KernelSource("fir_down", "fir_down");

    private FirDown() {
    }

    public static void run(Gpu gpu, Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        Fir.run(gpu, SOURCE, "fir_down", x, filter, k, pad, gain, out);
    }
}
