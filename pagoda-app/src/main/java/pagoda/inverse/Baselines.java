package pagoda.inverse;

import java.util.Arrays;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/** The simple answers the latent fit is measured against. */
public final class Baselines {
    /** Jacobi sweeps of the harmonic fill: enough for a hole of 16 pixels to settle well below 8-bit resolution. */
    static final int FILL_SWEEPS = 400;

    private Baselines() {
    }

    /**
     * Inpainting's baseline, a blurred fill: every missing pixel starts at the mean of the image's known pixels
     * (per channel), then is repeatedly replaced by the mean of its 4-neighbours inside the image while the known
     * pixels stay fixed (Jacobi sweeps towards the harmonic interpolant, the smoothest fill).
     *
     * @param y the masked images m x [N, C, H, W]
     */
    public static Tensor harmonicFill(Tensor y, Mask mask) {
        int[] s = y.shape();
        int n = s[0];
        int c = s[1];
        int h = s[2];
        int w = s[3];
        float[] v = y.contiguous().toFloatArray();
        float[] m = mask.tensor().toFloatArray();
        float[] next = new float[h * w];
        for (int plane = 0; plane < n * c; plane++) {
            int base = plane * h * w;
            double sum = 0;
            for (int i = 0; i < h * w; i++) {
                sum += m[i] * v[base + i];
            }
            float mean = (float) (sum / mask.known());
            for (int i = 0; i < h * w; i++) {
                if (m[i] == 0) {
                    v[base + i] = mean;
                }
            }
            for (int sweep = 0; sweep < FILL_SWEEPS; sweep++) {
                for (int yy = 0; yy < h; yy++) {
                    for (int xx = 0; xx < w; xx++) {
                        int i = yy * w + xx;
                        if (m[i] != 0) {
                            next[i] = v[base + i];
                            continue;
                        }
                        double acc = 0;
                        int k = 0;
                        if (yy > 0) {
                            acc += v[base + i - w];
                            k++;
                        }
                        if (yy < h - 1) {
                            acc += v[base + i + w];
                            k++;
                        }
                        if (xx > 0) {
                            acc += v[base + i - 1];
                            k++;
                        }
                        if (xx < w - 1) {
                            acc += v[base + i + 1];
                            k++;
                        }
                        next[i] = (float) (acc / k);
                    }
                }
                System.arraycopy(next, 0, v, base, h * w);
            }
        }
        return Tensor.of(y.backend(), v, s);
    }

    /** Colourisation's baseline: the grey image [N, 1, H, W] repeated into {@code channels} channels. */
    public static Tensor replicate(Tensor grey, int channels) {
        Tensor[] parts = new Tensor[channels];
        Arrays.fill(parts, grey);
        return Ops.cat(1, parts);
    }
}
