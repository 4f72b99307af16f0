package pagoda.tensor.cpu;

/**
 * Single-precision GEMM on the Vector API, after the BLIS/GotoBLAS structure: the depth is cut into
 * blocks of {@link #KC}; A is packed once into {@link GemmKernel#MR}-row panels (one parallel phase);
 * then tasks over (batch entry, row block, column block) each pack their {@code KC x NC} block of B once
 * per depth block, keep it in L2, and sweep the row panels of A (each in L1) across it with the
 * micro-kernel. Blocks are whole panels shared out evenly; columns are split before rows, since a
 * column block packs its B once while every row block repacks it. Every element of C is summed in the
 * same order whatever the task split, so results are bit-identical at any thread count.
 */
public final class Sgemm {
    /**
     * Depth block: a 12 x 384 A panel (18 KB) stays in L1 while B panels stream from L2. Swept on this
     * machine (1024^3, one thread, CPU time, 6 x 4 tile): KC 128 / 256 / 384 / 512 / 768 gave 154 / 152 /
     * 168 / 150 / 160 GFLOP/s, and 384 and 512 tie with the 12 x 2 tile; sweeping B panels in the outer
     * loop instead was never faster.
     */
    static final int KC = 384;
    /** Widest column block: KC x NC floats of packed B (at most 768 KB) stay in a 2 MB L2. */
    static final int NC_MAX = 512;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Growable per-thread buffers, so steady-state GEMMs allocate nothing. */
    private static final class Scratch {
        float[] packedA = new float[0];
        float[] packedB = new float[0];
        final float[] tile = new float[GemmKernel.MR * GemmKernel.NR];

        float[] a(int n) {
            if (packedA.length < n) {
                packedA = new float[n];
            }
            return packedA;
        }

        float[] b(int n) {
            if (packedB.length < n) {
                packedB = new float[n];
            }
            return packedB;
        }
    }

    private Sgemm() {
    }

    /**
     * {@code C[b] = alpha * A[b] @ B[b] + beta * C[b]} for b in [0, batch): A is m x k with element
     * strides (aRow, aCol), B is k x n with (bRow, bCol), C is m x n with row stride ldc and column stride 1;
     * aBatch, bBatch, cBatch step between batch entries (0 broadcasts A or B). With beta == 0, C is not read.
     */
    public static void gemm(WorkPool pool, int batch, int m, int n, int k, float alpha,
                            float[] a, long aOff, long aBatch, long aRow, long aCol,
                            float[] b, long bOff, long bBatch, long bRow, long bCol,
                            float beta, float[] c, long cOff, long cBatch, long ldc) {
        run(pool, batch, m, n, k, alpha,
                new StridedPanels(a, aOff, aBatch, aRow, aCol),
                new StridedPanels(b, bOff, bBatch, bCol, bRow),
                beta, c, cOff, cBatch, Math.toIntExact(ldc), null);
    }

    /**
     * The driver behind {@link #gemm}, with operands as panel sources (convolutions pass images) and an
     * optional epilogue applied to each finished block of C.
     */
    static void run(WorkPool pool, int batch, int m, int n, int k, float alpha, PanelSource as, PanelSource bs,
                    float beta, float[] c, long cOff, long cBatch, int ldc, TileEpilogue epilogue) {
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            scaleOnly(batch, m, n, beta, c, cOff, cBatch, ldc, epilogue);
            return;
        }
        final int mr = GemmKernel.MR;
        final int nr = GemmKernel.NR;
        final int mPanels = (m + mr - 1) / mr;
        final int mPad = mPanels * mr;
        final int aCount = as.sharedAcrossBatch() ? 1 : batch;
        final long perEntry = (long) mPad * k;
        if (perEntry * aCount > CpuStorage.MAX_ELEMENTS) {
            throw new IllegalArgumentException("gemm: packed A of " + aCount + " x " + m + " x " + k + " floats is too large");
        }
        final float[] packedA = SCRATCH.get().a((int) (perEntry * aCount));
        final int kBlocks = (k + KC - 1) / KC;
        pool.run(aCount * kBlocks, t -> {
            int ab = t / kBlocks;
            int p0 = (t % kBlocks) * KC;
            int kcb = Math.min(KC, k - p0);
            as.pack(ab, 0, m, p0, kcb, mr, packedA, (int) (ab * perEntry + (long) p0 * mPad));
        });

        final int nPanelsAll = (n + nr - 1) / nr;
        int want = pool.threads() == 1 ? 1 : 2 * pool.threads();
        int nBlocks = Math.max((nPanelsAll + NC_MAX / nr - 1) / (NC_MAX / nr), Math.min(nPanelsAll, (want + batch - 1) / batch));
        int mBlocks = Math.min(mPanels, Math.max(1, (want + batch * nBlocks - 1) / (batch * nBlocks)));
        final int nBlockCount = nBlocks;
        final int mBlockCount = mBlocks;
        pool.run(batch * mBlockCount * nBlockCount, t -> {
            int bi = t / (mBlockCount * nBlockCount);
            int rest = t % (mBlockCount * nBlockCount);
            int mb = rest / nBlockCount;
            int nb = rest % nBlockCount;
            int panel0 = evenSplit(mPanels, mBlockCount, mb);
            int panel1 = evenSplit(mPanels, mBlockCount, mb + 1);
            int j0 = evenSplit(nPanelsAll, nBlockCount, nb) * nr;
            int ncb = Math.min(n, evenSplit(nPanelsAll, nBlockCount, nb + 1) * nr) - j0;
            int nPanels = (ncb + nr - 1) / nr;
            Scratch scratch = SCRATCH.get();
            float[] packedB = scratch.b(nPanels * nr * KC);
            float[] tile = scratch.tile;
            long aBase = (aCount == 1 ? 0 : bi * perEntry);
            int cBase = (int) (cOff + bi * cBatch) + j0;
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kcb = Math.min(KC, k - p0);
                bs.pack(bi, j0, ncb, p0, kcb, nr, packedB, 0);
                int aBlock = (int) (aBase + (long) p0 * mPad);
                boolean first = p0 == 0;
                for (int ip = panel0; ip < panel1; ip++) {
                    int rows = Math.min(mr, m - ip * mr);
                    int aOff = aBlock + ip * mr * kcb;
                    int cRow = cBase + ip * mr * ldc;
                    for (int jp = 0; jp < nPanels; jp++) {
                        int cols = Math.min(nr, ncb - jp * nr);
                        GemmKernel.tile(packedA, aOff, packedB, jp * nr * kcb, kcb, tile);
                        GemmKernel.merge(tile, c, cRow + jp * nr, ldc, rows, cols, alpha, beta, first);
                    }
                }
            }
            if (epilogue != null) {
                int r0 = panel0 * mr;
                int rows = Math.min(m, panel1 * mr) - r0;
                epilogue.apply(bi, r0, rows, j0, ncb, c, cBase + r0 * ldc, ldc);
            }
        });
    }

    private static void scaleOnly(int batch, int m, int n, float beta, float[] c, long cOff, long cBatch, int ldc,
                                  TileEpilogue epilogue) {
        for (int bi = 0; bi < batch; bi++) {
            int base = (int) (cOff + bi * cBatch);
            for (int i = 0; i < m; i++) {
                int row = base + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[row + j] = beta == 0f ? 0f : beta * c[row + j];
                }
            }
            if (epilogue != null) {
                epilogue.apply(bi, 0, m, 0, n, c, base, ldc);
            }
        }
    }

    /** Start of part {@code i} of {@code total} units cut into {@code parts} nearly equal parts. */
    private static int evenSplit(int total, int parts, int i) {
        return (int) ((long) total * i / parts);
    }
}
