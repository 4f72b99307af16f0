package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/**
 * 2-D convolution as implicit GEMM on {@link Sgemm}: the image is packed straight into GEMM panels
 * ({@link ImagePatches}, {@link PatchColumns}, {@link PixelPatches}), never expanded into an im2col matrix. 3 x 3 stride-1
 * convolutions with enough channels take Winograd's F(2x2, 3x3) instead ({@link WinogradConv}), forward and
 * for the input gradient, with 2.25 times fewer multiplications.
 * <ul>
 *   <li>forward, per image: y[K, PQ] = w[K, CRS] @ patches[CRS, PQ], with the bias added to each finished
 *       block while it is in cache;</li>
 *   <li>input gradient at stride 1: the forward pass again, on dy, with the kernel flipped and its
 *       channel axes swapped, padding R - 1 - pad (the transposed convolution), by either method; other
 *       strides use col = w^T dy and scatter col back (col2im);</li>
 *   <li>weight gradient: dw[K, RSC] = dy[K, N*PQ] @ patches[N*PQ, RSC], one GEMM over every image, its
 *       columns tap-major so that a panel reads consecutive channels of a channels-last copy of x
 *       ({@link ChannelsLastImage}); the result is reordered to [K, C, R, S]. Each element of dw is the
 *       same sum in the same order as with channel-major columns: only its place in C moves. 1 x 1
 *       kernels gather their columns from x directly ({@link PatchColumns}).</li>
 * </ul>
 */
final class CpuConv {
    private CpuConv() {
    }

    static void forward(WorkPool pool, Tensor x, Tensor w, Tensor bias, Conv2dSpec spec, UnaryOp act, float actP0, Tensor out) {
        ConvGeometry g = ConvGeometry.of(x.shape(), w.shape(), spec);
        if (WinogradConv.applies(g)) {
            WinogradConv.forward(pool, CpuBackend.data(x), (int) x.offset(), CpuBackend.data(w), (int) w.offset(),
                    bias == null ? null : CpuBackend.data(bias), bias == null ? 0 : (int) bias.offset(), g, act, actP0,
                    CpuBackend.data(out), (int) out.offset());
            return;
        }
        TileEpilogue epilogue = bias == null && act == null ? null
                : new BiasActivation(bias == null ? null : CpuBackend.data(bias), bias == null ? 0 : (int) bias.offset(), act, actP0);
        Sgemm.run(pool, g.n(), g.k(), g.pq(), g.crs(), 1f,
                new StridedPanels(CpuBackend.data(w), w.offset(), 0, g.crs(), 1),
                new ImagePatches(padded(pool, x, g.n() * g.c(), g.h(), g.w(), g.padH(), g.padW()), g),
                0f, CpuBackend.data(out), out.offset(), (long) g.k() * g.pq(), g.pq(), epilogue);
    }

    static void backwardData(WorkPool pool, Tensor dy, Tensor w, Conv2dSpec spec, Tensor dx) {
        ConvGeometry g = ConvGeometry.of(dx.shape(), w.shape(), spec);
        float[] wd = CpuBackend.data(w);
        int wOff = (int) w.offset();
        float[] dyd = CpuBackend.data(dy);
        float[] dxd = CpuBackend.data(dx);
        if (g.strideH() == 1 && g.strideW() == 1 && g.padH() <= g.r() - 1 && g.padW() <= g.s() - 1) {
            float[] flipped = flipTranspose(wd, wOff, g);
            ConvGeometry t = new ConvGeometry(g.n(), g.k(), g.p(), g.q(), g.c(), g.r(), g.s(), g.h(), g.w(),
                    1, 1, g.r() - 1 - g.padH(), g.s() - 1 - g.padW());
            if (WinogradConv.applies(t)) {
                WinogradConv.forward(pool, dyd, (int) dy.offset(), flipped, 0, null, 0, t, null, 0f, dxd, (int) dx.offset());
                return;
            }
            Sgemm.run(pool, g.n(), g.c(), g.hw(), t.crs(), 1f,
                    new StridedPanels(flipped, 0, 0, t.crs(), 1),
                    new ImagePatches(padded(pool, dy, t.n() * t.c(), t.h(), t.w(), t.padH(), t.padW()), t),
                    0f, dxd, dx.offset(), (long) g.c() * g.hw(), g.hw(), null);
            return;
        }
        float[] col = new float[Math.multiplyExact(g.crs(), g.pq())];
        for (int n = 0; n < g.n(); n++) {
            Sgemm.run(pool, 1, g.crs(), g.pq(), g.k(), 1f,
                    new StridedPanels(wd, wOff, 0, 1, g.crs()),
                    new StridedPanels(dyd, dy.offset() + (long) n * g.k() * g.pq(), 0, 1, g.pq()),
                    0f, col, 0, 0, g.pq(), null);
            col2im(pool, col, g, dxd, (int) dx.offset() + n * g.c() * g.hw());
        }
    }

    static void backwardWeight(WorkPool pool, Tensor dy, Tensor x, Conv2dSpec spec, Tensor dw) {
        ConvGeometry g = ConvGeometry.of(x.shape(), dw.shape(), spec);
        final int rs = g.r() * g.s();
        FoldedPanels dyPanels = new FoldedPanels(CpuBackend.data(dy), (int) dy.offset(), g.pq(), g.pq(), g.k() * g.pq());
        if (rs == 1) {
            // One tap: each input element is gathered once either way, so a channels-last copy would only add a pass.
            Sgemm.run(pool, 1, g.k(), g.crs(), Math.multiplyExact(g.n(), g.pq()), 1f, dyPanels,
                    new PatchColumns(padded(pool, x, g.n() * g.c(), g.h(), g.w(), g.padH(), g.padW()), g),
                    0f, CpuBackend.data(dw), dw.offset(), 0, g.crs(), null);
            return;
        }
        final int crs = g.crs();
        final int c = g.c();
        float[] tapMajor = new float[Math.multiplyExact(g.k(), crs)];
        Sgemm.run(pool, 1, g.k(), crs, Math.multiplyExact(g.n(), g.pq()), 1f, dyPanels,
                new PixelPatches(ChannelsLastImage.of(pool, CpuBackend.data(x), (int) x.offset(), g), g),
                0f, tapMajor, 0, 0, crs, null);
        float[] out = CpuBackend.data(dw);
        int off = (int) dw.offset();
        pool.run(g.k(), k -> {
            for (int ch = 0; ch < c; ch++) {
                int to = off + (k * c + ch) * rs;
                int from = k * crs + ch;
                for (int tap = 0; tap < rs; tap++) {
                    out[to + tap] = tapMajor[from + tap * c];
                }
            }
        });
    }

    private static PaddedImage padded(WorkPool pool, Tensor t, int planes, int h, int w, int padH, int padW) {
        return PaddedImage.of(pool, CpuBackend.data(t), (int) t.offset(), planes, h, w, padH, padW);
    }

    /** w'[c, k, r, s] = w[k, c, R-1-r, S-1-s]: the kernel of the transposed convolution. */
    private static float[] flipTranspose(float[] w, int off, ConvGeometry g) {
        int rs = g.r() * g.s();
        float[] out = new float[g.c() * g.k() * rs];
        for (int k = 0; k < g.k(); k++) {
            for (int c = 0; c < g.c(); c++) {
                int src = off + (k * g.c() + c) * rs;
                int dst = (c * g.k() + k) * rs;
                for (int t = 0; t < rs; t++) {
                    out[dst + rs - 1 - t] = w[src + t];
                }
            }
        }
        return out;
    }

    /** Adds col[(c, r, s), (oy, ox)] into dx[c, oy*sh - ph + r, ox*sw - pw + s]; one task per channel, taps in fixed order. */
    private static void col2im(WorkPool pool, float[] col, ConvGeometry g, float[] dx, int dxOff) {
        pool.run(g.c(), c -> {
            int plane = dxOff + c * g.hw();
            for (int r = 0; r < g.r(); r++) {
                for (int s = 0; s < g.s(); s++) {
                    int src = ((c * g.r() + r) * g.s() + s) * g.pq();
                    for (int oy = 0; oy < g.p(); oy++) {
                        int iy = oy * g.strideH() - g.padH() + r;
                        if (iy < 0 || iy >= g.h()) {
                            continue;
                        }
                        int row = plane + iy * g.w();
                        int colRow = src + oy * g.q();
                        for (int ox = 0; ox < g.q(); ox++) {
                            int ix = ox * g.strideW() - g.padW() + s;
                            if (ix >= 0 && ix < g.w()) {
                                dx[row + ix] += col[colRow + ox];
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * The fused epilogue {@code y = act(y + bias[row])} on a finished block of y [K, PQ], while it is in
     * cache. The activation kernels do not work in place, so each row goes through a scratch row; they
     * compute every element with the same lane arithmetic wherever it sits, so the block boundaries
     * (which follow the thread count) do not change a bit of the result.
     */
    private static final class BiasActivation extends TileEpilogue {
        private final float[] bias;
        private final int off;
        private final UnaryOp act;
        private final float actP0;

        BiasActivation(float[] bias, int off, UnaryOp act, float actP0) {
            this.bias = bias;
            this.off = off;
            this.act = act;
            this.actP0 = actP0;
        }

        @Override
        void apply(int batch, int r0, int rows, int c0, int cols, float[] c, int cOff, int ldc) {
            final int lanes = Simd.LANES;
            int vecEnd = cols - cols % lanes;
            float[] row = act == null ? null : new float[cols];
            float[] pad = act == null ? null : UnaryKernels.pad();
            for (int r = 0; r < rows; r++) {
                int at = cOff + r * ldc;
                if (bias != null) {
                    float b = bias[off + r0 + r];
                    FloatVector bv = FloatVector.broadcast(Simd.F, b);
                    int j = 0;
                    for (; j < vecEnd; j += lanes) {
                        FloatVector.fromArray(Simd.F, c, at + j).add(bv).intoArray(c, at + j);
                    }
                    for (; j < cols; j++) {
                        c[at + j] += b;
                    }
                }
                if (act != null) {
                    UnaryKernels.apply(act, actP0, 0f, c, at, row, 0, cols, pad);
                    System.arraycopy(row, 0, c, at, cols);
                }
            }
        }
    }
}
