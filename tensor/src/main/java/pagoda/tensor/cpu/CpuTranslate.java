package pagoda.tensor.cpu;

import java.util.Arrays;
import pagoda.tensor.Tensor;

/**
 * Per-sample integer translation with zero fill (DiffAugment's translation), one task per (sample,
 * channel) plane: each output row is a shifted run of one input row, moved by {@link System#arraycopy},
 * and zeros where the source lies outside the image. It only moves floats, so it is exact.
 */
final class CpuTranslate {
    private CpuTranslate() {
    }

    static void translate(WorkPool pool, Tensor x, int[] shiftH, int[] shiftW, Tensor out) {
        int[] s = x.shape();
        int channels = s[1];
        int h = s[2];
        int w = s[3];
        float[] xd = CpuBackend.data(x);
        float[] od = CpuBackend.data(out);
        int xo = (int) x.offset();
        int oo = (int) out.offset();
        pool.run(s[0] * channels, t -> {
            int n = t / channels;
            int plane = t * h * w;
            long dh = shiftH[n];
            int dw = Math.clamp(shiftW[n], -w, w);
            int colFirst = Math.max(dw, 0);
            int colEnd = Math.min(w + dw, w);
            for (int i = 0; i < h; i++) {
                int row = oo + plane + i * w;
                long src = i - dh;
                if (src < 0 || src >= h || colFirst >= colEnd) {
                    Arrays.fill(od, row, row + w, 0f);
                    continue;
                }
                Arrays.fill(od, row, row + colFirst, 0f);
                System.arraycopy(xd, xo + plane + (int) src * w + colFirst - dw, od, row + colFirst, colEnd - colFirst);
                Arrays.fill(od, row + colEnd, row + w, 0f);
            }
        });
    }
}
