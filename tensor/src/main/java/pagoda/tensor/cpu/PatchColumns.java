package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The B operand of the weight gradient, dW[K, CRS] = sum over images and pixels of dy[K, t] * patch[t, CRS]:
 * row j is (channel, tap) = (j / RS, j % RS) and depth t is (image, output pixel) = (t / PQ, t % PQ). In
 * the zero-padded input ({@link PaddedImage}) element (j, t) sits at {@code origin(j) + offset(t)}, so each
 * depth step of a panel is one vector gather per vector of rows, written contiguously. A row-by-row
 * transpose with scalar stores measured three times slower.
 */
final class PatchColumns extends PanelSource {
    private final PaddedImage x;
    private final ConvGeometry g;

    PatchColumns(PaddedImage x, ConvGeometry g) {
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
        final int rs = g.r() * g.s();
        final int imageStride = g.c() * x.plane();
        final int rowStep = g.strideH() * x.wp;
        final int colStep = g.strideW();
        final int[] origin = new int[width];
        int d = dstOff;
        for (int pr = 0; pr < rows; pr += width) {
            int w = Math.min(width, rows - pr);
            for (int jj = 0; jj < w; jj++) {
                int row = r0 + pr + jj;
                int ch = row / rs;
                int tap = row - ch * rs;
                int tr = tap / g.s();
                origin[jj] = x.off + ch * x.plane() + tr * x.wp + (tap - tr * g.s());
            }
            int image = k0 / g.pq();
            int pix = k0 - image * g.pq();
            int oy = pix / g.q();
            int ox = pix - oy * g.q();
            int rowStart = image * imageStride + oy * rowStep;
            for (int kk = 0; kk < kc; kk++) {
                int offset = rowStart + ox * colStep;
                int o = d + kk * width;
                for (int v = 0; v < width; v += lanes) {
                    if (v + lanes <= w) {
                        FloatVector.fromArray(Simd.F, src, offset, origin, v).intoArray(dst, o + v);
                    } else {
                        VectorMask<Float> m = Simd.F.indexInRange(v, w);
                        FloatVector.fromArray(Simd.F, src, offset, origin, v, m).intoArray(dst, o + v);
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
