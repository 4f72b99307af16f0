package pagoda.tensor.cpu;

import pagoda.tensor.UnaryOp;

/**
 * 3 x 3, stride-1 convolution by Winograd's minimal filtering algorithm F(2x2, 3x3) (A. Lavin and S. Gray,
 * "Fast Algorithms for Convolutional Neural Networks", CVPR 2016, section 4.1). Output tile Y (2 x 2
 * pixels at rows 2 ty, 2 ty + 1 and columns 2 tx, 2 tx + 1) of image n and output channel k is
 * <pre>
 *   Y = A^T [ sum_c (G g_kc G^T) ⊙ (B^T d_c B) ] A
 *
 *   B^T = [ 1  0 -1  0 ]     G = [ 1    0    0   ]     A^T = [ 1  1  1  0 ]
 *         [ 0  1  1  0 ]         [ 1/2  1/2  1/2 ]           [ 0  1 -1 -1 ]
 *         [ 0 -1  1  0 ]         [ 1/2 -1/2  1/2 ]
 *         [ 0  1  0 -1 ]         [ 0    0    1   ]
 * </pre>
 * with g_kc the 3 x 3 kernel and d_c the 4 x 4 input window under the tile (windows overlap by two). The 16
 * elements e = 4i + j of the transformed tiles are independent, so the channel sum is 16 GEMMs
 * {@code M_e [K, tiles] = U_e [K, C] V_e [C, tiles]}: 16 multiplications per (k, c, tile) instead of the
 * direct method's 36, 2.25 times fewer, for transforms that cost additions only and grow with K C,
 * C x tiles and K x tiles rather than with their product. That is why it is taken only where C and K are
 * large enough ({@link #applies}).
 *
 * <p>Passes: U is transformed once per call into the GEMM's packed A layout ({@link WinogradFilter}, one
 * task per 12-row panel); then the N ceil(P / 2) ceil(Q / 2) tiles are cut into blocks of
 * {@link #blockTiles} tiles, one task each: the block's V goes straight from the unpadded input into
 * packed B panels ({@link WinogradInput}), and for each 12-row panel of output channels the 16 GEMMs
 * run on the {@link GemmKernel} micro-kernel into a 16 x 12 x block M, which the output transform
 * ({@link WinogradOutput}) turns into pixels with the bias and activation while it is in cache. The block's V (16 C x block floats, {@link #BLOCK_FLOATS}) stays in L2 across the 16 x K / 12
 * micro-kernel sweeps; U streams through once per block. V, M and the runs are per-thread buffers, reused.
 *
 * <p>Not {@link Sgemm#run} per block: it would repack U (16 K C floats) for every block and start a
 * parallel job from inside one; V is already written in packed form, so the block calls the micro-kernel
 * directly, in the same depth blocks ({@link Sgemm#KC}) and with the same merge.
 *
 * <p>Determinism: every tile's transforms are the same lane arithmetic wherever its lane falls, and every
 * element of M is the micro-kernel's FMA chain over c in depth blocks of KC, whatever the block size, so
 * no bit of the result depends on the blocking, let alone on the thread count (which nothing here reads).
 *
 * <p>Rounding: along any path from an input and a weight to an output there are at most 4 roundings in
 * U, 2 in V, C in the GEMM (one per FMA of the chain; depth-block merges included), 4 in the output
 * transform and 1 for the bias: {@code |out - exact| <= (C + 11) u magW} to first order, u = 2^-24, with
 * magW the same formula evaluated with |G|, |B^T|, |A^T| on |x| and |w| (the conformance suite checks it).
 * Because U and V are sums of ± products, magW exceeds sum |x| |w| (by about 7 on random data): the
 * price of the fewer multiplications.
 */
final class WinogradConv {
    /**
     * Transformed input per block, in floats (1 MB): half the 2 MB L2 of this machine, leaving room for
     * the U panels and M that stream past it.
     */
    static final int BLOCK_FLOATS = 1 << 18;
    /** Blocks a call is cut into at least, where it has the tiles: the parallel tasks. */
    static final int MIN_BLOCKS = 8;
    /** Fewest input and output channels for which the transforms pay (measured; see the class comment). */
    static final int MIN_CHANNELS = 16;

    /**
     * Floats added between the 16 entries of U and of V: their sizes are often multiples of 4 KB, and 16
     * streams that far apart share L1 sets (the filter transform of K = C = 256 ran 5 times slower).
     */
    private static final int SKEW = 16;

    private static final ThreadLocal<Filters> FILTERS = ThreadLocal.withInitial(Filters::new);
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private WinogradConv() {
    }

    /** Whether {@link #forward} takes this convolution: 3 x 3, stride 1, padding 0 to 2, enough channels. */
    static boolean applies(ConvGeometry g) {
        if (g.r() != 3 || g.s() != 3 || g.strideH() != 1 || g.strideW() != 1 || g.padH() > 2 || g.padW() > 2
                || g.p() < 1 || g.q() < 1 || g.c() < MIN_CHANNELS || g.k() < MIN_CHANNELS) {
            return false;
        }
        return 16L * (panels(g.k()) * GemmKernel.MR * g.c() + SKEW) <= CpuStorage.MAX_ELEMENTS;
    }

    /**
     * y [N, K, P, Q] at yOff = conv(x [N, C, H, W] at xOff, w [K, C, 3, 3] at wOff) + bias [K] at biasOff
     * (bias may be null), then {@code act} (or null) with parameter actP0; for geometries that
     * {@link #applies} accepts.
     */
    static void forward(WorkPool pool, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff,
                        ConvGeometry g, UnaryOp act, float actP0, float[] y, int yOff) {
        final int c = g.c();
        final int k = g.k();
        final int kPanels = panels(k);
        final int uStride = kPanels * GemmKernel.MR * c + SKEW;
        final float[] u = FILTERS.get().take(16 * uStride);
        pool.run(kPanels, panel -> WinogradFilter.transform(w, wOff, k, c, panel, u, uStride));

        final int tiles = g.n() * ((g.p() + 1) / 2) * ((g.q() + 1) / 2);
        final int tb = blockTiles(c, tiles);
        pool.run((tiles + tb - 1) / tb, b -> {
            int t0 = b * tb;
            Scratch s = SCRATCH.get().fit(c, tb);
            s.runs.cover(t0, Math.min(tb, tiles - t0), g);
            WinogradInput.transform(x, xOff, g, s.runs, s.v, s.vStride, s.rows);
            for (int panel = 0; panel < kPanels; panel++) {
                int rows = Math.min(GemmKernel.MR, k - panel * GemmKernel.MR);
                products(u, uStride, panel, c, s, Math.min(tb, tiles - t0), rows);
                for (int r = 0; r < rows; r++) {
                    int kk = panel * GemmKernel.MR + r;
                    int plane = yOff + kk * g.pq();
                    WinogradOutput.transform(s.m, r * tb, s.mStride, bias != null, bias == null ? 0f : bias[biasOff + kk],
                            s.runs, y, plane, g.q());
                    if (act != null) {
                        WinogradOutput.activate(act, actP0, s.runs, y, plane, s.row, s.pad);
                    }
                }
            }
        });
    }

    /**
     * The 16 GEMMs of one panel of output channels over the block's tiles: M_e [rows, tiles] (row stride
     * tb, entries {@code s.mStride} apart) = U_e panel [rows, C] V_e [C, tiles], depth-blocked by KC
     * exactly as {@link Sgemm} does.
     */
    private static void products(float[] u, int uStride, int panel, int c, Scratch s, int tiles, int rows) {
        final int mr = GemmKernel.MR;
        final int nr = GemmKernel.NR;
        final int tb = s.tb;
        final int nPanels = (tiles + nr - 1) / nr;
        for (int e = 0; e < 16; e++) {
            int aBase = e * uStride + panel * mr * c;
            int bBase = e * s.vStride;
            int cBase = e * s.mStride;
            for (int p0 = 0; p0 < c; p0 += Sgemm.KC) {
                int kc = Math.min(Sgemm.KC, c - p0);
                for (int jp = 0; jp < nPanels; jp++) {
                    GemmKernel.tile(u, aBase + p0 * mr, s.v, bBase + jp * c * nr + p0 * nr, kc, s.tile);
                    GemmKernel.merge(s.tile, s.m, cBase + jp * nr, tb, rows, Math.min(nr, tiles - jp * nr), 1f, 0f, p0 == 0);
                }
            }
        }
    }

    /**
     * Tiles per block, a whole number of B panels: as many as keep V within {@link #BLOCK_FLOATS}, but no
     * more than make {@link #MIN_BLOCKS} blocks of the call. A function of the sizes only.
     */
    static int blockTiles(int c, int tiles) {
        final int nr = GemmKernel.NR;
        int byCache = Math.max(1, BLOCK_FLOATS / (16 * c * nr)) * nr;
        int bySplit = ((tiles + MIN_BLOCKS - 1) / MIN_BLOCKS + nr - 1) / nr * nr;
        return Math.min(byCache, bySplit);
    }

    private static int panels(int rows) {
        return (rows + GemmKernel.MR - 1) / GemmKernel.MR;
    }

    /** The calling thread's transformed filters, reused by its next call. */
    private static final class Filters {
        float[] data = new float[0];

        float[] take(int n) {
            if (data.length < n) {
                data = new float[n];
            }
            return data;
        }
    }

    /** One thread's block buffers, grown to the largest call seen. */
    private static final class Scratch {
        int tb;
        int vStride;
        int mStride;
        float[] v = new float[0];
        float[] m = new float[0];
        TileRuns runs = new TileRuns(0);
        final WindowRows rows = new WindowRows();
        final float[] tile = new float[GemmKernel.MR * GemmKernel.NR];
        float[] row = new float[0];
        final float[] pad = UnaryKernels.pad();

        /**
         * Sized for C channels and blocks of tb tiles; V and M keep one vector of slack for loads and
         * masked stores that reach past the block.
         */
        Scratch fit(int c, int tb) {
            this.tb = tb;
            vStride = c * tb + SKEW;
            mStride = GemmKernel.MR * tb;
            int vSize = 16 * vStride + Simd.LANES;
            int mSize = 16 * mStride + Simd.LANES;
            if (v.length < vSize) {
                v = new float[vSize];
            }
            if (m.length < mSize) {
                m = new float[mSize];
            }
            if (runs.first.length < tb) {
                runs = new TileRuns(tb);
            }
            if (row.length < 4 * tb) {
                row = new float[4 * tb];
            }
            return this;
        }
    }
}
