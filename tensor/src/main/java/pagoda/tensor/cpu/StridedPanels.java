package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * A strided matrix as a {@link PanelSource}: element (row r, depth p) of batch entry b is
 * {@code data[off + b * batchStride + r * rowStride + p * depthStride]}. Two layouts get fast paths: rows
 * adjacent in memory (rowStride 1, e.g. B row-major or A transposed), copied a vector at a time; and
 * depth adjacent (depthStride 1, e.g. A row-major), transposed through the panel.
 */
final class StridedPanels extends PanelSource {
    private final float[] data;
    private final long off;
    private final long batchStride;
    private final long rowStride;
    private final long depthStride;

    StridedPanels(float[] data, long off, long batchStride, long rowStride, long depthStride) {
        this.data = data;
        this.off = off;
        this.batchStride = batchStride;
        this.rowStride = rowStride;
        this.depthStride = depthStride;
    }

    @Override
    boolean sharedAcrossBatch() {
        return batchStride == 0;
    }

    @Override
    void pack(int batch, int r0, int rows, int k0, int kc, int width, float[] dst, int dstOff) {
        long base = off + batch * batchStride + r0 * rowStride + k0 * depthStride;
        int d = dstOff;
        for (int pr = 0; pr < rows; pr += width) {
            int w = Math.min(width, rows - pr);
            long panel = base + pr * rowStride;
            if (rowStride == 1) {
                packRowsAdjacent(panel, w, kc, width, dst, d);
            } else {
                packGeneral(panel, w, kc, width, dst, d);
            }
            d += kc * width;
        }
    }

    /** Each depth step is {@code w} consecutive floats: vector copies, zeros beyond {@code w}. */
    private void packRowsAdjacent(long panel, int w, int kc, int width, float[] dst, int d) {
        final int lanes = Simd.LANES;
        float[] src = data;
        int full = w == width ? w - w % lanes : 0;
        for (int p = 0; p < kc; p++) {
            int s = (int) (panel + p * depthStride);
            int o = d + p * width;
            int j = 0;
            for (; j < full; j += lanes) {
                FloatVector.fromArray(Simd.F, src, s + j).intoArray(dst, o + j);
            }
            for (; j < w; j++) {
                dst[o + j] = src[s + j];
            }
            for (; j < width; j++) {
                dst[o + j] = 0f;
            }
        }
    }

    /** Any strides, depthStride 1 included: one row at a time, written with stride {@code width}. */
    private void packGeneral(long panel, int w, int kc, int width, float[] dst, int d) {
        float[] src = data;
        for (int r = 0; r < w; r++) {
            long s = panel + r * rowStride;
            int o = d + r;
            if (depthStride == 1) {
                int si = (int) s;
                for (int p = 0; p < kc; p++) {
                    dst[o + p * width] = src[si + p];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    dst[o + p * width] = src[(int) (s + p * depthStride)];
                }
            }
        }
        for (int r = w; r < width; r++) {
            for (int p = 0; p < kc; p++) {
                dst[d + r + p * width] = 0f;
            }
        }
    }
}
