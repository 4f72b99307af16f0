package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.DeviceBuffer;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;

/** The launch shared by fir_down.cu and fir_up.cu: the k x k filter goes to the device, then one thread per output element. */
final class Fir {
    private Fir() {
    }

    static void run(Gpu gpu, KernelSource source, String entry, Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        long n = out.numel();
        if (n == 0) {
            return;
        }
        try (DeviceBuffer f = gpu.allocate((long) filter.length * Float.BYTES)) {
            f.upload(filter, 0, 0, filter.length);
            gpu.kernel(source, entry).launch(Grid.blocks(gpu, n), 1, 1, Grid.THREADS, 0, gpu.stream(),
                    new KernelArgs().pointer(CudaStorage.pointer(x)).pointer(f.at(0)).pointer(CudaStorage.pointer(out))
                            .i64((long) x.size(0) * x.size(1)).i32(x.size(2)).i32(x.size(3)).i32(out.size(2)).i32(out.size(3))
                            .i32(k).i32(pad).f32(gain));
        }
    }
}
