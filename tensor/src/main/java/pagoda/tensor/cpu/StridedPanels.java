package pagoda.tensor.cpu;

import java.util.Arrays;

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
        if (rowStride == 1) {
            packRowsAdjacent(base, rows, kc, width, dst, dstOff);
            return;
        }
        int d = dstOff;
        for (int pr = 0; pr < rows; pr += width) {
            packGeneral(base + pr * rowStride, Math.min(width, rows - pr), kc, width, dst, d);
            d += kc * width;
        }
    }

    /**
     * Each depth step holds the block's rows as consecutive floats (a row of a row-major B): the step is
     * read once, front to back, and dealt out to the panels a vector at a time. Walking one panel down
     * all the steps instead touched a new page per step (the steps of B are a row apart) and cost about
     * three times as much.
     */
    private void packRowsAdjacent(long base, int rows, int kc, int width, float[] dst, int d) {
        final int lanes = Simd.LANES;
        final float[] src = data;
        final int panelSize = kc * width;
        final int fullPanels = rows / width;
        final int fullRows = fullPanels * width;
        final boolean vectors = width % lanes == 0;
        for (int p = 0; p < kc; p++) {
            int s = (int) (base + p * depthStride);
            int o = d + p * width;
            for (int panel = 0; panel < fullPanels; panel++) {
                int from = s + panel * width;
                int to = o + panel * panelSize;
                if (vectors) {
                    for (int j = 0; j < width; j += lanes) {
                        FloatVector.fromArray(Simd.F, src, from + j).intoArray(dst, to + j);
                    }
                } else {
                    System.arraycopy(src, from, dst, to, width);
                }
            }
            if (fullRows < rows) {
                int to = o + fullPanels * panelSize;
                int w = rows - fullRows;
                System.arraycopy(src, s + fullRows, dst, to, w);
                Arrays.fill(dst, to + w, to + width, 0f);
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
