package pagoda.tensor.cpu;

/**
 * One block of Winograd tiles cut into runs, each handled by the transforms as one vector of tiles (lane
 * l is tile {@code first + l} of the block). A run lies in one {@link GemmKernel#NR}-tile panel of the
 * block and has two halves of {@code LANES / 2} tiles: normally both lie side by side in one tile row, so
 * the high half's input window and output pixels follow the low half's {@code LANES} columns further
 * right; where a tile row is exactly half a vector (TW = LANES / 2, the 16 x 16 maps of a UNet at 512
 * bits), a run takes two tile rows instead, its high half two input and two output rows further down,
 * which keeps every lane busy. Such a pair is formed only where all eight window rows lie inside the
 * input, because the transform's zero rows are per window row, not per half.
 *
 * <p>Tile t of the batch is image {@code t / (TH TW)}, tile row {@code (t / TW) % TH}, tile column
 * {@code t % TW}, with TH = ceil(P / 2) and TW = ceil(Q / 2); its output pixels are rows 2 ty, 2 ty + 1 and
 * columns 2 tx, 2 tx + 1, its input the 4 x 4 window whose top-left pixel is (2 ty - padH, 2 tx - padW),
 * which may reach past any edge of the input. Reused block after block by one thread.
 */
final class TileRuns {
    /** Runs in the block. */
    int size;
    /** Index in the block of the run's first tile: its panel and lane in the transformed input. */
    final int[] first;
    /** Tiles in the run, 1 to LANES. */
    final int[] count;
    /** Offset in the input of the run's image, channel 0. */
    final int[] image;
    /** Input row of the top of the run's windows, -padH for the first tile row. */
    final int[] row;
    /** Input column of the left of the first tile's window, -padW for the first tile column. */
    final int[] col;
    /** How far the high half's windows are from the low half's in the input: LANES columns, or two rows. */
    final int[] inHi;
    /** Input column of the left of the high half's first window: col + LANES, or col. */
    final int[] colHi;
    /** Offset in the output of the first tile's top-left pixel, channel 0 of its image. */
    final int[] out;
    /** How far the high half's pixels are from the low half's in the output: LANES columns, or two rows. */
    final int[] outHi;
    /** Output rows of each half that exist: 2, or 1 at the bottom of an odd-height output (0 for no tiles). */
    final int[] rowsLo;
    final int[] rowsHi;
    /** Output columns of each half that exist, at most LANES. */
    final int[] colsLo;
    final int[] colsHi;

    /** Spans of the output that the block's pixels fill, per channel: merged, in increasing order. */
    int spans;
    final int[] spanStart;
    final int[] spanLength;

    TileRuns(int capacity) {
        spanStart = new int[4 * capacity];
        spanLength = new int[4 * capacity];
        first = new int[capacity];
        count = new int[capacity];
        image = new int[capacity];
        row = new int[capacity];
        col = new int[capacity];
        inHi = new int[capacity];
        colHi = new int[capacity];
        out = new int[capacity];
        outHi = new int[capacity];
        rowsLo = new int[capacity];
        rowsHi = new int[capacity];
        colsLo = new int[capacity];
        colsHi = new int[capacity];
    }

    /** Cuts tiles [t0, t0 + tiles) of convolution g into runs. */
    void cover(int t0, int tiles, ConvGeometry g) {
        final int lanes = Simd.LANES;
        final int nr = GemmKernel.NR;
        int th = (g.p() + 1) / 2;
        int tw = (g.q() + 1) / 2;
        int perImage = th * tw;
        int n = 0;
        for (int j = 0; j < tiles; ) {
            int t = t0 + j;
            int img = t / perImage;
            int ty = (t - img * perImage) / tw;
            int tx = t - img * perImage - ty * tw;
            int top = 2 * ty - g.padH();
            boolean pair = 2 * tw == lanes && tx == 0 && ty + 1 < th && tiles - j >= lanes && j % nr + lanes <= nr
                    && top >= 0 && top + 5 < g.h();
            int len = pair ? lanes : Math.min(Math.min(tw - tx, tiles - j), Math.min(lanes, nr - j % nr));
            first[n] = j;
            count[n] = len;
            image[n] = img * g.c() * g.hw();
            row[n] = top;
            col[n] = 2 * tx - g.padW();
            out[n] = img * g.k() * g.pq() + 2 * ty * g.q() + 2 * tx;
            rowsLo[n] = Math.min(2, g.p() - 2 * ty);
            if (pair) {
                inHi[n] = 2 * g.w();
                colHi[n] = col[n];
                outHi[n] = 2 * g.q();
                rowsHi[n] = Math.min(2, g.p() - 2 * ty - 2);
                colsLo[n] = g.q();
                colsHi[n] = g.q();
            } else {
                int cols = Math.min(2 * len, g.q() - 2 * tx);
                inHi[n] = lanes;
                colHi[n] = col[n] + lanes;
                outHi[n] = lanes;
                rowsHi[n] = rowsLo[n];
                colsLo[n] = Math.min(lanes, cols);
                colsHi[n] = cols - colsLo[n];
            }
            n++;
            j += len;
        }
        size = n;
        mergeSpans(g.q());
    }

    /**
     * The output rows of every run half (offsets relative to channel 0, like {@link #out}), sorted and
     * merged where one ends where the next begins, so that the activation passes over long spans.
     */
    private void mergeSpans(int q) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            for (int r = 0; r < rowsLo[i]; r++) {
                n = insert(n, out[i] + r * q, colsLo[i]);
            }
            for (int r = 0; r < rowsHi[i] && colsHi[i] > 0; r++) {
                n = insert(n, out[i] + outHi[i] + r * q, colsHi[i]);
            }
        }
        int merged = 0;
        for (int i = 0; i < n; i++) {
            if (merged > 0 && spanStart[merged - 1] + spanLength[merged - 1] == spanStart[i]) {
                spanLength[merged - 1] += spanLength[i];
            } else {
                spanStart[merged] = spanStart[i];
                spanLength[merged] = spanLength[i];
                merged++;
            }
        }
        spans = merged;
    }

    /** Inserts a span into the first n, kept sorted by start (they arrive nearly sorted); returns n + 1. */
    private int insert(int n, int start, int length) {
        int i = n;
        while (i > 0 && spanStart[i - 1] > start) {
            spanStart[i] = spanStart[i - 1];
            spanLength[i] = spanLength[i - 1];
            i--;
        }
        spanStart[i] = start;
        spanLength[i] = length;
        return n + 1;
    }
}
