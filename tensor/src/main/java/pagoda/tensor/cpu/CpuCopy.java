package pagoda.tensor.cpu;

import java.util.Arrays;
import pagoda.tensor.Tensor;

/**
 * Copy between arbitrary strided views and fill of a strided view. Copies move bits, so any order of
 * work gives the same result; the decomposition is still fixed by size. Contiguous runs go through
 * {@link System#arraycopy} and {@link Arrays#fill} (memory bandwidth), broadcast sources through
 * {@code fill}, and transposing copies (source and destination contiguous along different dimensions)
 * through square tiles so that both sides stay in cache.
 */
final class CpuCopy {
    /** Elements per task: 64 KiB of floats each way. */
    private static final int BLOCK = 1 << 14;
    /** Tile edge of the transposing copy: 32 x 32 floats touch 64 cache lines per side. */
    private static final int TILE = 32;

    private CpuCopy() {
    }

    static void copy(WorkPool pool, Tensor src, Tensor dst) {
        Layout l = Layout.of(new Tensor[] {dst, src});
        if (l.numel == 0) {
            return;
        }
        float[] s = CpuBackend.data(src);
        float[] d = CpuBackend.data(dst);
        int q = transposedDim(l);
        if (q >= 0) {
            copyTiled(pool, l, q, s, d);
            return;
        }
        int tasks = (int) ((l.numel + BLOCK - 1) / BLOCK);
        pool.run(tasks, t -> copyRange(l, s, d, (long) t * BLOCK, Math.min(l.numel, (long) (t + 1) * BLOCK)));
    }

    private static void copyRange(Layout l, float[] s, float[] d, long start, long end) {
        Layout.Cursor c = l.new Cursor(start);
        long ds = l.innerStride(0);
        long ss = l.innerStride(1);
        for (long pos = start; pos < end; ) {
            int len = c.run(end - pos);
            int dOff = c.offset(0);
            int sOff = c.offset(1);
            if (ds == 1 && ss == 1) {
                System.arraycopy(s, sOff, d, dOff, len);
            } else if (ds == 1 && ss == 0) {
                Arrays.fill(d, dOff, dOff + len, s[sOff]);
            } else {
                for (int i = 0; i < len; i++) {
                    d[(int) (dOff + i * ds)] = s[(int) (sOff + i * ss)];
                }
            }
            c.advance(len);
            pos += len;
        }
    }

    /**
     * The dimension along which the source is contiguous when the destination's inner run is not, or -1
     * when the plain row walk is good enough.
     */
    private static int transposedDim(Layout l) {
        if (l.rank < 2 || Math.abs(l.innerStride(1)) <= 1 || l.inner() < TILE / 2) {
            return -1;
        }
        for (int q = l.rank - 2; q >= 0; q--) {
            if (l.strides[1][q] == 1 && l.shape[q] >= TILE / 2) {
                return q;
            }
        }
        return -1;
    }

    /** The copy as a stack of 2-D planes (dimension q by the inner dimension), each walked in TILE x TILE tiles. */
    private static void copyTiled(WorkPool pool, Layout l, int q, float[] s, float[] d) {
        int rows = l.shape[q];
        int cols = l.inner();
        long planes = l.numel / ((long) rows * cols);
        int bands = (rows + TILE - 1) / TILE;
        long tasks = planes * bands;
        pool.run(Math.toIntExact(tasks), t -> {
            long plane = t / bands;
            int r0 = t % bands * TILE;
            int r1 = Math.min(rows, r0 + TILE);
            long dBase = l.offsets[0];
            long sBase = l.offsets[1];
            long rest = plane;
            for (int dim = l.rank - 2; dim >= 0; dim--) {
                if (dim == q) {
                    continue;
                }
                long i = rest % l.shape[dim];
                rest /= l.shape[dim];
                dBase += i * l.strides[0][dim];
                sBase += i * l.strides[1][dim];
            }
            long dRow = l.strides[0][q];
            long dCol = l.innerStride(0);
            long sCol = l.innerStride(1);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int c1 = Math.min(cols, c0 + TILE);
                for (int r = r0; r < r1; r++) {
                    long dOff = dBase + r * dRow;
                    long sOff = sBase + r;
                    for (int c = c0; c < c1; c++) {
                        d[(int) (dOff + c * dCol)] = s[(int) (sOff + c * sCol)];
                    }
                }
            }
        });
    }

    static void fill(WorkPool pool, Tensor dst, float value) {
        Layout l = Layout.of(new Tensor[] {dst});
        if (l.numel == 0) {
            return;
        }
        float[] d = CpuBackend.data(dst);
        int tasks = (int) ((l.numel + BLOCK - 1) / BLOCK);
        pool.run(tasks, t -> {
            long start = (long) t * BLOCK;
            long end = Math.min(l.numel, start + BLOCK);
            Layout.Cursor c = l.new Cursor(start);
            long ds = l.innerStride(0);
            for (long pos = start; pos < end; ) {
                int len = c.run(end - pos);
                int off = c.offset(0);
                if (ds == 1) {
                    Arrays.fill(d, off, off + len, value);
                } else {
                    for (int i = 0; i < len; i++) {
                        d[(int) (off + i * ds)] = value;
                    }
                }
                c.advance(len);
                pos += len;
            }
        });
    }
}
