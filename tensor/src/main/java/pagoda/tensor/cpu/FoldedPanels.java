package pagoda.tensor.cpu;

/**
 * A matrix whose depth runs over two tensor dimensions: element (row r, depth t) is
 * {@code data[off + r * rowStride + (t / inner) * outerStride + t % inner]}. The weight gradient reads
 * dy [N, K, PQ] this way, as K rows over a depth of N * PQ, without a transposed copy.
 */
final class FoldedPanels extends PanelSource {
    private final float[] data;
    private final int off;
    private final int rowStride;
    private final int inner;
    private final int outerStride;

    FoldedPanels(float[] data, int off, int rowStride, int inner, int outerStride) {
        this.data = data;
        this.off = off;
        this.rowStride = rowStride;
        this.inner = inner;
        this.outerStride = outerStride;
    }

    @Override
    boolean sharedAcrossBatch() {
        return true;
    }

    @Override
    void pack(int batch, int r0, int rows, int k0, int kc, int width, float[] dst, int dstOff) {
        int d = dstOff;
        for (int pr = 0; pr < rows; pr += width) {
            int w = Math.min(width, rows - pr);
            for (int rr = 0; rr < width; rr++) {
                int o = d + rr;
                if (rr >= w) {
                    for (int kk = 0; kk < kc; kk++) {
                        dst[o + kk * width] = 0f;
                    }
                    continue;
                }
                int rowBase = off + (r0 + pr + rr) * rowStride;
                int kk = 0;
                while (kk < kc) {
                    int t = k0 + kk;
                    int outer = t / inner;
                    int in = t - outer * inner;
                    int run = Math.min(inner - in, kc - kk);
                    int src = rowBase + outer * outerStride + in;
                    for (int i = 0; i < run; i++) {
                        dst[o + (kk + i) * width] = data[src + i];
                    }
                    kk += run;
                }
            }
            d += kc * width;
        }
    }
}
