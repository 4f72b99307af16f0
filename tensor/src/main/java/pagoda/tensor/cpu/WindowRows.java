package pagoda.tensor.cpu;

/**
 * Where the input transform reads the window rows of the runs of one panel ({@link TileRuns}) from,
 * worked out once per panel so that {@link WinogradInput}'s vector loop holds no decision of its own: for
 * run k and window row r ({@code k * 4 + r}), an array, the offset of the low half at channel 0 and the
 * step per channel; per run, the distance to the high half and the lanes of each load that lie inside
 * the input's columns, as mask bits.
 *
 * <p>Why so: the loop is too large for C1 (its linear scan runs out of virtual registers), so when C2's
 * code for it is thrown away at an uncommon trap the loop falls back to the interpreter until C2 is done
 * again, a hundred times slower (measured: 30 to 60 ms instead of 3 for a whole convolution, for seconds).
 * Every branch it may take must therefore have been taken while it was profiled, and the Vector API's
 * own branches (a masked load's out-of-bounds path, {@code indexInRange}'s cases, a masked store's
 * all-true test) cannot be relied on to be. Hence window rows above or below the input read a row of
 * {@link #ZEROS} with a step of 0; the masks come in as bits; and the rare run whose loads would reach
 * outside the array (at its very start or end, where the input's edge meets the array's) reads a
 * zero-framed copy of its windows instead, so that every masked load is in bounds.
 */
final class WindowRows {
    private static final int L = Simd.LANES;
    private static final int NR = GemmKernel.NR;
    /** The window rows outside the input (never in a two-row run): as long as the loads of one row reach. */
    private static final float[] ZEROS = new float[2 * L + 2];

    /** Runs located. */
    int size;
    final float[][] src = new float[4 * NR][];
    final int[] off = new int[4 * NR];
    final int[] step = new int[4 * NR];
    /** How far each run's high-half loads are from its low-half loads. */
    final int[] hiOff = new int[NR];
    /** Each run's first lane in the panel. */
    final int[] lane = new int[NR];
    /** Lanes inside the input's columns of the loads at the low half's column and two columns on. */
    final long[] lo = new long[NR];
    final long[] lo2 = new long[NR];
    /** The same for the high half. */
    final long[] hi = new long[NR];
    final long[] hi2 = new long[NR];
    private final float[][] staging = new float[NR][];

    /** Locates runs [i0, i1) of {@code runs}, one panel's, over all channels of x (at xOff, geometry g). */
    void locate(float[] x, int xOff, ConvGeometry g, TileRuns runs, int i0, int i1) {
        size = i1 - i0;
        for (int k = 0; k < size; k++) {
            locateRun(x, xOff, g, runs, i0 + k, k);
        }
    }

    private void locateRun(float[] x, int xOff, ConvGeometry g, TileRuns runs, int i, int k) {
        final int h = g.h();
        final int w = g.w();
        final int plane = g.hw();
        int image = xOff + runs.image[i];
        int row = runs.row[i];
        int col = runs.col[i];
        int colHi = runs.colHi[i];
        hiOff[k] = runs.inHi[i];
        lane[k] = runs.first[i] % NR;
        lo[k] = lanes(-col, w - col);
        lo2[k] = lanes(-col - 2, w - col - 2);
        hi[k] = lanes(-colHi, w - colHi);
        hi2[k] = lanes(-colHi - 2, w - colHi - 2);
        boolean outside = false;
        for (int r = 0; r < 4; r++) {
            int y = row + r;
            int at = 4 * k + r;
            if (y < 0 || y >= h) {
                src[at] = ZEROS;
                off[at] = 0;
                step[at] = 0;
                continue;
            }
            src[at] = x;
            off[at] = image + y * w + col;
            step[at] = plane;
            long last = (long) off[at] + (long) (g.c() - 1) * plane + hiOff[k] + L + 1;
            outside |= off[at] < 0 || last >= x.length;
        }
        if (outside) {
            stage(x, image, g, row, col, colHi == col, k);
        }
    }

    /**
     * Copies run k's windows, all channels, into a zero-framed buffer of 4 rows (6 for a two-row run) of
     * the columns its loads cover, and points its rows there.
     */
    private void stage(float[] x, int image, ConvGeometry g, int row, int col, boolean pair, int k) {
        final int h = g.h();
        final int w = g.w();
        int span = pair ? L + 2 : 2 * L + 2;
        int rows = pair ? 6 : 4;
        int plane = rows * span;
        int size = g.c() * plane;
        if (staging[k] == null || staging[k].length < size) {
            staging[k] = new float[size];
        }
        float[] s = staging[k];
        for (int c = 0; c < g.c(); c++) {
            for (int sr = 0; sr < rows; sr++) {
                int y = row + sr;
                int at = c * plane + sr * span;
                for (int sc = 0; sc < span; sc++) {
                    int xc = col + sc;
                    s[at + sc] = y >= 0 && y < h && xc >= 0 && xc < w ? x[image + c * g.hw() + y * w + xc] : 0f;
                }
            }
        }
        for (int r = 0; r < 4; r++) {
            src[4 * k + r] = s;
            off[4 * k + r] = r * span;
            step[4 * k + r] = plane;
        }
        hiOff[k] = pair ? 2 * span : L;
        lo[k] = lanes(0, L);
        lo2[k] = lo[k];
        hi[k] = lo[k];
        hi2[k] = lo[k];
    }

    /** Mask bits of lanes [from, to) clamped to [0, LANES). */
    static long lanes(int from, int to) {
        int a = Math.max(0, Math.min(L, from));
        int b = Math.max(a, Math.min(L, to));
        return ((1L << b) - 1) & -(1L << a);
    }
}
