package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The B operand of the weight gradient with its columns in tap-major order, dW'[K, (tap, channel)] =
 * sum over images and pixels of dy[K, t] * patch[t, (tap, channel)], read from a channels-last padded
 * copy of the input ({@link ChannelsLastImage}): column j is (tap, channel) = (j / C, j % C), depth t is
 * (image, output pixel). Element (t, j) sits at {@code pixel(t) + column(j)}, so a vector of columns that
 * share a tap and have consecutive channels is one contiguous load per depth step; vectors that cross a
 * tap boundary (fewer channels than lanes) gather.
 */
final class PixelPatches extends PanelSource {
    private final ChannelsLastImage x;
    private final ConvGeometry g;

    PixelPatches(ChannelsLastImage x, ConvGeometry g) {
        this.x = x;
        this.g = g;
    }

    @Override
    boolean sharedAcrossBatch() {
        return true;
    }

    @Override
    void pack(int batch, int r0, int rows, int k0, int kc, int width, float[] dst, int dstOff) {
        final ConvGeometry g = this.g;
        final float[] src = x.data;
        final int lanes = Simd.LANES;
        final int c = g.c();
        final int rowStep = g.strideH() * x.wp * c;
        final int colStep = g.strideW() * c;
        final int imageStride = x.hp * x.wp * c;
        final int[] column = new int[width];
        final boolean[] contiguous = new boolean[(width + lanes - 1) / lanes];
        int d = dstOff;
        for (int pr = 0; pr < rows; pr += width) {
            int w = Math.min(width, rows - pr);
            for (int jj = w; jj < width; jj++) {
                column[jj] = 0;
            }
            for (int jj = 0; jj < w; jj++) {
                int j = r0 + pr + jj;
                int tap = j / c;
                int ch = j - tap * c;
                int tr = tap / g.s();
                column[jj] = ((tr * x.wp) + tap - tr * g.s()) * c + ch;
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
