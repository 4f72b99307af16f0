package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;

/** random.cu: Philox4x32-10 draws, bit-identical to pagoda.tensor.random.Philox; one thread per block of four draws. */
public final class Random {
    public static final KernelSource SOURCE = new KernelSource("random", "random_uniform", "random_normal");

    private Random() {
    }

    public static void run(Gpu gpu, Tensor out, boolean normal, long seed, long offset, float p0, float p1) {
        long n = out.numel();
        if (n == 0) {
            return;
        }
        long blocks = Long.divideUnsigned(offset + n - 1, 4) - Long.divideUnsigned(offset, 4) + 1;
        gpu.kernel(SOURCE, normal ? "random_normal" : "random_uniform").launch(Grid.blocks(gpu, blocks), 1, 1, Grid.THREADS, 0,
                gpu.stream(), new KernelArgs().pointer(CudaStorage.pointer(out)).i64(n).i64(seed).i64(offset).f32(p0).f32(p1));
    }
}
