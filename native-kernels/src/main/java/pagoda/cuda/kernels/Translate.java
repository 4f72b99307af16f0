package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.DeviceBuffer;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.Tensor;

/** translate.cu: per-sample integer shifts with zero fill, one thread per output element; the shifts go up as one int table. */
public final class Translate {
    public static final KernelSource SOURCE = new KernelSource("translate", "translate");

    private Translate() {
    }

    public static void run(Gpu gpu, Tensor x, int[] shiftH, int[] shiftW, Tensor out) {
        long total = out.numel();
        if (total == 0) {
            return;
        }
        int samples = x.size(0);
        int[] shifts = new int[2 * samples];
        System.arraycopy(shiftH, 0, shifts, 0, samples);
        System.arraycopy(shiftW, 0, shifts, samples, samples);
        try (DeviceBuffer table = gpu.allocate((long) shifts.length * Integer.BYTES)) {
            table.upload(shifts, 0);
            gpu.kernel(SOURCE, "translate").launch(Grid.blocks(gpu, total), 1, 1, Grid.THREADS, 0, gpu.stream(),
                    new KernelArgs().pointer(CudaStorage.pointer(x)).pointer(CudaStorage.pointer(out))
                            .pointer(table.at(0)).pointer(table.at((long) samples * Integer.BYTES))
                            .i64(total).i32(x.size(1)).i32(x.size(2)).i32(x.size(3)));
        }
    }
}
