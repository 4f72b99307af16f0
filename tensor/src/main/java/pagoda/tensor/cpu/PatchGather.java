package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The B operand of a convolution's weight gradient, dW[K, J] = sum over images and pixels of
 * dy[K, t] * patch[t, J], gathered from an image buffer: depth t is (image, output pixel) and element (j, t)
 * sits at {@code pixel(t) + column(j)}, with {@code pixel(t) = image * imageStride + oy * rowStep + ox *
 * colStep}. Each depth step of a panel is one vector load per vector of rows, written contiguously: a plain
 * load where the vector's columns are consecutive, a gather otherwise. Subclasses say where a column
 * starts; a row-by-row transpose with scalar stores measured three times slower.
 */
abstract class PatchGather extends PanelSource {
    private final float[] src;
    private final ConvGeometry g;
    private final int imageStride;
    private final int rowStep;
    private final int colStep;

    PatchGather(float[] src, ConvGeometry g, int imageStride, int rowStep, int colStep) {
        this.src = src;
        this.g = g;
        this.imageStride = imageStride;
        this.rowStep = rowStep;
        this.colStep = colStep;
    }

    /** Where row j of the operand starts in the buffer, relative to the pixel offset. */
    abstract int column(int j);

    @Override
    final boolean sharedAcrossBatch() {
        return true;
    }

    @Override
    final void pack(int batch, int r0, int rows, int k0, int kc, int width, float[] dst, int dstOff) {
        final ConvGeometry g = this.g;
        final float[] src = this.src;
        final int lanes = Simd.LANES;
        final int[] column = new int[width];
        final boolean[] contiguous = new boolean[(width + lanes - 1) / lanes];
        int d = dstOff;
        for (int pr = 0; pr < rows; pr += width) {
            int w = Math.min(width, rows - pr);
            for (int jj = 0; jj < width; jj++) {
                column[jj] = jj < w ? column(r0 + pr + jj) : 0;
            }
            for (int v = 0; v < width; v += lanes) {
                boolean run = true;
                for (int i = v + 1; i < Math.min(v + lanes, w); i++) {
                    run &= column[i] == column[v] + (i - v);
                }
                contiguous[v / lanes] = run;
            }
            int image = k0 / g.pq();
            int pix = k0 - image * g.pq();
            int oy = pix / g.q();
            int ox = pix - oy * g.q();
            int rowStart = image * imageStride + oy * rowStep;
            for (int kk = 0; kk < kc; kk++) {
                int pixel = rowStart + ox * colStep;
                int o = d + kk * width;
                for (int v = 0; v < width; v += lanes) {
                    if (v + lanes <= w) {
                        FloatVector e = contiguous[v / lanes]
                                ? FloatVector.fromArray(Simd.F, src, pixel + column[v])
                                : FloatVector.fromArray(Simd.F, src, pixel, column, v);
                        e.intoArray(dst, o + v);
                    } else {
                        VectorMask<Float> m = Simd.F.indexInRange(v, w);
                        FloatVector.fromArray(Simd.F, src, pixel, column, v, m).intoArray(dst, o + v);
                    }
                }
                if (++ox == g.q()) {
                    ox = 0;
                    if (++oy == g.p()) {
                        oy = 0;
                        rowStart = ++image * imageStride;
                    } else {
                        rowStart += rowStep;
                    }
                }
            }
            d += kc * width;
        }
    }
}
