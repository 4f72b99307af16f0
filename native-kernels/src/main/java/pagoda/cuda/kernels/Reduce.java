package pagoda.cuda.kernels;

import pagoda.cuda.CudaStorage;
import pagoda.cuda.Gpu;
import pagoda.cuda.driver.KernelArgs;
import pagoda.tensor.ReduceOp;
import pagoda.tensor.Tensor;

/**
 * reduce.cu: x's dimensions split into kept ones (a view over the output elements, which are contiguous in
 * out) and reduced ones (a view of each output's elements); the op travels as its ordinal.
 */
public final class Reduce {
    public static final KernelSource SOURCE = new KernelSource("reduce", "reduce_block", "reduce_thread");

    /** At most this many elements per output, and enough outputs, and each thread reduces one output alone. */
    private static final long THREAD_PER_OUTPUT_MAX = 64;

    private Reduce() {
    }

    public static void run(Gpu gpu, ReduceOp op, Tensor x, int[] axes, float correction, Tensor out) {
        long outputs = out.numel();
        if (outputs == 0) {
            return;
        }
        int[] shape = x.shape();
        long[] strides = x.strides();
        boolean[] reduced = new boolean[shape.length];
        for (int a : axes) {
            reduced[a] = true;
        }
        int kept = shape.length - axes.length;
        int[] keptShape = new int[kept];
        long[] keptStrides = new long[kept];
        int[] redShape = new int[axes.length];
        long[] redStrides = new long[axes.length];
        long n = 1;
        for (int d = 0, k = 0, r = 0; d < shape.length; d++) {
            if (reduced[d]) {
                redShape[r] = shape[d];
                redStrides[r++] = strides[d];
                n *= shape[d];
            } else {
                keptShape[k] = shape[d];
                keptStrides[k++] = strides[d];
            }
        }
        if (n == 0) {
            // Only SUM reaches here (the front end rejects empty MEAN, MAX, MIN, VAR): out is already zero.
            return;
        }
        View.Merged outer = View.merge(keptShape, keptStrides, View.contiguous(keptShape));
        View.Merged inner = View.merge(redShape, redStrides);
        KernelArgs args = new KernelArgs().pointer(CudaStorage.base(x)).struct(outer.struct(0, x.offset()))
                .struct(inner.struct(0, 0)).pointer(CudaStorage.pointer(out)).i64(outputs).i64(n).i32(op.ordinal())
                .f32(correction);
        if (n <= THREAD_PER_OUTPUT_MAX && outputs >= 32L * gpu.device().multiprocessors()) {
            gpu.kernel(SOURCE, "reduce_thread").launch(Grid.blocks(gpu, outputs), 1, 1, Grid.THREADS, 0, gpu.stream(), args);
            return;
        }
        int threads = 32;
        while (threads < Grid.THREADS && threads < n) {
            threads <<= 1;
        }
        int blocks = (int) Math.min(outputs, 64L * gpu.device().multiprocessors());
        gpu.kernel(SOURCE, "reduce_block").launch(blocks, 1, 1, threads, threads * Float.BYTES, gpu.stream(), args);
    }
}
