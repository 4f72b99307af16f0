package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.DeviceBuffer;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.ResizeTaps;
import pagoda.tensor.Tensor;

/** resize.cu: PIL-semantics resize from host-computed tap tables, one thread per output element. */
public final class Resize {
    public static final KernelSource SOURCE = new KernelSource("resize", "resize_taps");

    private Resize() {
    }

    public static void run(Gpu gpu, Tensor x, ResizeFilter filter, boolean antialias, Tensor out) {
        long n = out.numel();
        if (n == 0) {
            return;
        }
        int h = x.size(2);
        int w = x.size(3);
        int oh = out.size(2);
        int ow = out.size(3);
        TapTables.Forward ty = TapTables.forward(ResizeTaps.of(h, oh, filter, antialias));
        TapTables.Forward tx = TapTables.forward(ResizeTaps.of(w, ow, filter, antialias));
        int[] ints = TapTables.concat(ty.start(), ty.count(), tx.start(), tx.count());
        float[] floats = TapTables.concat(ty.weights(), tx.weights());
        try (DeviceBuffer it = gpu.allocate((long) ints.length * Integer.BYTES);
             DeviceBuffer ft = gpu.allocate((long) floats.length * Float.BYTES)) {
            it.upload(ints, 0);
            ft.upload(floats, 0, 0, floats.length);
            long i4 = Integer.BYTES;
            gpu.kernel(SOURCE, "resize_taps").launch(Grid.blocks(gpu, n), 1, 1, Grid.THREADS, 0, gpu.stream(),
                    new KernelArgs().pointer(CudaStorage.pointer(x)).pointer(CudaStorage.pointer(out))
                            .i64((long) x.size(0) * x.size(1)).i32(h).i32(w).i32(oh).i32(ow)
                            .pointer(it.at(0)).pointer(it.at(oh * i4)).pointer(ft.at(0)).i32(ty.maxTaps())
                            .pointer(it.at(2L * oh * i4)).pointer(it.at((2L * oh + ow) * i4))
                            .pointer(ft.at((long) ty.weights().length * Float.BYTES)).i32(tx.maxTaps()));
        }
    }
}
