package pagoda.tensor.ref;

import pagoda.tensor.Tensor;

/**
 * Per-sample integer translation with zero fill in float64: {@code out[n,c,i,j] = x[n,c,i - shiftH[n],
 * j - shiftW[n]]} inside the image, 0 elsewhere (DiffAugment's {@code rand_translation}, which reads
 * the zero-padded image at {@code i + translation}, with translation = -shift).
 */
final class RefTranslate {
    private RefTranslate() {
    }

    static void translate(Tensor x, int[] shiftH, int[] shiftW, Tensor out) {
        int[] s = x.shape();
        int h = s[2];
        int w = s[3];
        double[] xv = RefStorage.read(x);
        double[] ov = new double[xv.length];
        for (int n = 0; n < s[0]; n++) {
            for (int c = 0; c < s[1]; c++) {
                int plane = (n * s[1] + c) * h * w;
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        long si = (long) i - shiftH[n];
                        long sj = (long) j - shiftW[n];
                        boolean inside = si >= 0 && si < h && sj >= 0 && sj < w;
                        ov[plane + i * w + j] = inside ? xv[plane + (int) si * w + (int) sj] : 0.0;
                    }
                }
            }
        }
        RefStorage.write(out, ov);
    }
}
