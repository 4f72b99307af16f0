package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.DeviceBuffer;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.ResizeTaps;
import pagoda.tensor.Tensor;

/** resize_backward.cu: the adjoint of resize, gathered per input pixel from inverted tap tables. */
public final class ResizeBackward {
    public static final KernelSource SOURCE = new KernelSource("resize_backward", "resize_backward_taps");

    private ResizeBackward() {
    }

    public static void run(Gpu gpu, Tensor dy, ResizeFilter filter, boolean antialias, Tensor dx) {
        long n = dx.numel();
        if (n == 0) {
            return;
        }
        int h = dx.size(2);
        int w = dx.size(3);
        int oh = dy.size(2);
        int ow = dy.size(3);
        TapTables.Inverse ty = TapTables.inverse(ResizeTaps.of(h, oh, filter, antialias));
        TapTables.Inverse tx = TapTables.inverse(ResizeTaps.of(w, ow, filter, antialias));
        int[] ints = TapTables.concat(ty.first(), ty.output(), tx.first(), tx.output());
        float[] floats = TapTables.concat(ty.weight(), tx.weight());
        long i4 = Integer.BYTES;
        long xFirst = ty.first().length + (long) ty.output().length;
        try (DeviceBuffer it = gpu.allocate(Math.max(1, ints.length) * i4);
             DeviceBuffer ft = gpu.allocate(Math.max(1, floats.length) * (long) Float.BYTES)) {
            it.upload(ints, 0);
            ft.upload(floats, 0, 0, floats.length);
            gpu.kernel(SOURCE, "resize_backward_taps").launch(Grid.blocks(gpu, n), 1, 1, Grid.THREADS, 0, gpu.stream(),
                    new KernelArgs().pointer(CudaStorage.pointer(dy)).pointer(CudaStorage.pointer(dx))
                            .i64((long) dx.size(0) * dx.size(1)).i32(h).i32(w).i32(oh).i32(ow)
                            .pointer(it.at(0)).pointer(it.at(ty.first().length * i4)).pointer(ft.at(0))
                            .pointer(it.at(xFirst * i4)).pointer(it.at((xFirst + tx.first().length) * i4))
                            .pointer(ft.at((long) ty.weight().length * Float.BYTES)));
        }
    }
}
