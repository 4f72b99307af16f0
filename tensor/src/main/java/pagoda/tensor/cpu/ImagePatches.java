package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * The B operand of the implicit-GEMM convolution: row j is output pixel (oy, ox) = (j / Q, j % Q) of
 * image {@code batch}, depth d is (channel, tap) = (d / RS, d % RS), and the element is the input pixel
 * under that tap, read from the zero-padded planes of {@link PaddedImage}. At stride 1 the pixels of one
 * output row read consecutive inputs, so a panel is a few vector copies per depth step.
 */
final class ImagePatches extends PanelSource {
    private final PaddedImage x;
    private final ConvGeometry g;

    ImagePatches(PaddedImage x, ConvGeometry g) {
        this.x = x;
        this.g = g;
    }

    @Override
    boolean sharedAcrossBatch() {
        return false;
    }

    @Override
    void pack(int batch, int r0, int rows, int k0, int kc, int width, float[] dst, int dstOff) {
        final ConvGeometry g = this.g;
        final int rs = g.r() * g.s();
        final int image = x.off + batch * g.c() * x.plane();
        int d = dstOff;
        for (int pr = 0; pr < rows; pr += width) {
            int j0 = r0 + pr;
            int w = Math.min(width, rows - pr);
            for (int kk = 0; kk < kc; kk++) {
                int depth = k0 + kk;
                int ch = depth / rs;
                int tap = depth - ch * rs;
                int tr = tap / g.s();
                int ts = tap - tr * g.s();
                int o = d + kk * width;
                fillRow(image + ch * x.plane() + tr * x.wp + ts, j0, w, dst, o);
                for (int j = w; j < width; j++) {
                    dst[o + j] = 0f;
                }
            }
            d += kc * width;
        }
    }

    /** Output pixels [j0, j0 + count) under one tap whose top-left input is {@code origin}, into dst[o ..]. */
    private void fillRow(int origin, int j0, int count, float[] dst, int o) {
        final ConvGeometry g = this.g;
        final float[] src = x.data;
        final int lanes = Simd.LANES;
        int j = j0;
        int end = j0 + count;
        while (j < end) {
            int oy = j / g.q();
            int ox = j - oy * g.q();
            int run = Math.min(g.q() - ox, end - j);
            int from = origin + oy * g.strideH() * x.wp + ox * g.strideW();
            int at = o + (j - j0);
            if (g.strideW() == 1) {
                int i = 0;
                for (; i + lanes <= run; i += lanes) {
                    FloatVector.fromArray(Simd.F, src, from + i).intoArray(dst, at + i);
                }
                for (; i < run; i++) {
                    dst[at + i] = src[from + i];
                }
            } else {
                for (int i = 0; i < run; i++) {
                    dst[at + i] = src[from + i * g.strideW()];
                }
            }
            j += run;
        }
    }
}
