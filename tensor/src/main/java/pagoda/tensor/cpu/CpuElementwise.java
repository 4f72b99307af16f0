package pagoda.tensor.cpu;

import pagoda.tensor.BinaryOp;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/**
 * Element-wise ops: walks the merged iteration space ({@link Layout}) in fixed blocks of the output and
 * hands contiguous runs to {@link UnaryKernels} and {@link BinaryKernels}. Every element is computed by
 * the same lane arithmetic whichever loop or task reaches it, so results are bit-identical at any thread
 * count. Paths, fastest first: both operands contiguous along the run; one a broadcast scalar along the
 * run (scalar operands, per-channel [N, C, 1, 1] operands); otherwise the strided operand is gathered
 * into a small buffer, run by run when runs are long, across runs when they are shorter than a vector.
 */
final class CpuElementwise {
    /** Output elements per task: 64 KiB, enough to amortise a task and to spread 2 to 16 threads. */
    private static final int BLOCK = 1 << 14;
    /** Gather buffer length: two 8 KiB buffers per task stay in L1. */
    private static final int CHUNK = 2048;

    private CpuElementwise() {
    }

    static void unary(WorkPool pool, UnaryOp op, Tensor x, float p0, float p1, Tensor out) {
        long n = out.numel();
        float[] xd = CpuBackend.data(x);
        float[] od = CpuBackend.data(out);
        int xo = (int) x.offset();
        int oo = (int) out.offset();
        int tasks = (int) ((n + BLOCK - 1) / BLOCK);
        pool.run(tasks, t -> {
            int start = t * BLOCK;
            UnaryKernels.apply(op, p0, p1, xd, xo + start, od, oo + start, (int) Math.min(BLOCK, n - start),
                    UnaryKernels.pad());
        });
    }

    static void binary(WorkPool pool, BinaryOp op, Tensor a, Tensor b, float p0, float p1, Tensor out) {
        Layout l = Layout.of(new Tensor[] {out, a, b});
        if (l.numel == 0) {
            return;
        }
        float[] ad = CpuBackend.data(a);
        float[] bd = CpuBackend.data(b);
        float[] od = CpuBackend.data(out);
        boolean byRun = l.rank == 1 || l.inner() >= Simd.LANES;
        int tasks = (int) ((l.numel + BLOCK - 1) / BLOCK);
        pool.run(tasks, t -> {
            long start = (long) t * BLOCK;
            long end = Math.min(l.numel, start + BLOCK);
            if (byRun) {
                byRun(op, p0, p1, l, ad, bd, od, start, end);
            } else {
                acrossRuns(op, p0, p1, l, ad, bd, od, start, end);
            }
        });
    }

    private static void byRun(BinaryOp op, float p0, float p1, Layout l, float[] ad, float[] bd, float[] od,
                              long start, long end) {
        long sa = l.innerStride(1);
        long sb = l.innerStride(2);
        boolean scalarForms = BinaryKernels.hasScalarForms(op);
        boolean gathers = !(sa == 1 && sb == 1) && !(scalarForms && (sa == 1 && sb == 0 || sa == 0 && sb == 1));
        float[] ga = gathers && sa != 1 ? new float[CHUNK] : null;
        float[] gb = gathers && sb != 1 ? new float[CHUNK] : null;
        float[] pad = BinaryKernels.pad();
        Layout.Cursor c = l.new Cursor(start);
        for (long pos = start; pos < end; ) {
            int len = c.run(end - pos);
            int oo = c.offset(0);
            int ao = c.offset(1);
            int bo = c.offset(2);
            if (!gathers && sa == 1 && sb == 1) {
                BinaryKernels.apply(op, p0, p1, ad, ao, bd, bo, od, oo, len, pad);
            } else if (!gathers && sb == 0) {
                BinaryKernels.applyScalarRight(op, ad, ao, bd[bo], od, oo, len, pad);
            } else if (!gathers) {
                BinaryKernels.applyScalarLeft(op, ad[ao], bd, bo, od, oo, len, pad);
            } else {
                for (int i = 0; i < len; i += CHUNK) {
                    int n = Math.min(CHUNK, len - i);
                    if (ga != null) {
                        gather(ad, ao + i * sa, sa, ga, 0, n);
                    }
                    if (gb != null) {
                        gather(bd, bo + i * sb, sb, gb, 0, n);
                    }
                    BinaryKernels.apply(op, p0, p1, ga == null ? ad : ga, ga == null ? ao + i : 0,
                            gb == null ? bd : gb, gb == null ? bo + i : 0, od, oo + i, n, pad);
                }
            }
            c.advance(len);
            pos += len;
        }
    }

    /** Runs shorter than a vector: both operands are gathered over several runs, then computed as one. */
    private static void acrossRuns(BinaryOp op, float p0, float p1, Layout l, float[] ad, float[] bd, float[] od,
                                   long start, long end) {
        long sa = l.innerStride(1);
        long sb = l.innerStride(2);
        float[] ga = new float[CHUNK];
        float[] gb = new float[CHUNK];
        float[] pad = BinaryKernels.pad();
        Layout.Cursor c = l.new Cursor(start);
        for (long pos = start; pos < end; ) {
            int n = (int) Math.min(CHUNK, end - pos);
            int oo = c.offset(0);
            for (int filled = 0; filled < n; ) {
                int len = c.run(n - filled);
                gather(ad, c.offset(1), sa, ga, filled, len);
                gather(bd, c.offset(2), sb, gb, filled, len);
                c.advance(len);
                filled += len;
            }
            BinaryKernels.apply(op, p0, p1, ga, 0, gb, 0, od, oo, n, pad);
            pos += n;
        }
    }

    private static void gather(float[] src, long off, long stride, float[] dst, int at, int n) {
        for (int i = 0; i < n; i++) {
            dst[at + i] = src[(int) (off + i * stride)];
        }
    }
}
