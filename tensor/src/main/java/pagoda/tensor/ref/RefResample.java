package pagoda.tensor.ref;

import pagoda.tensor.Tensor;

/**
 * EDM's FIR resampling (NVlabs/edm, training/networks.py, {@code Conv2d} with {@code resample_filter}):
 * down-sampling is {@code conv2d(x, f, stride=2, padding=pad, groups=C)}, up-sampling is
 * {@code conv_transpose2d(x, 4 f, stride=2, padding=pad, groups=C)}, the same k x k filter f for every
 * channel. Both loops below share one index map, input pixel {@code 2i - pad + u} against output pixel
 * {@code i}, which makes firUp the adjoint of firDown by construction.
 */
final class RefResample {
    private RefResample() {
    }

    /** {@code out[n,c,i,j] = gain * sum_{u,v} f[u*k+v] x[n,c,2i-pad+u,2j-pad+v]}, zero outside x. */
    static void firDown(Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        int planes = x.size(0) * x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        int oh = out.size(2);
        int ow = out.size(3);
        double[] xv = RefStorage.read(x);
        double[] ov = new double[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double s = 0.0;
                    for (int u = 0; u < k; u++) {
                        for (int v = 0; v < k; v++) {
                            int y = 2 * i - pad + u;
                            int xx = 2 * j - pad + v;
                            if (y >= 0 && y < h && xx >= 0 && xx < w) {
                                s += filter[u * k + v] * xv[(pl * h + y) * w + xx];
                            }
                        }
                    }
                    ov[(pl * oh + i) * ow + j] = gain * s;
                }
            }
        }
        RefStorage.write(out, ov);
    }

    /** {@code out[n,c,2i-pad+u,2j-pad+v] += gain * f[u*k+v] x[n,c,i,j]} where that pixel lies inside out. */
    static void firUp(Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        int planes = x.size(0) * x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        int oh = out.size(2);
        int ow = out.size(3);
        double[] xv = RefStorage.read(x);
        double[] ov = new double[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double d = (double) gain * xv[(pl * h + i) * w + j];
                    for (int u = 0; u < k; u++) {
                        for (int v = 0; v < k; v++) {
                            int y = 2 * i - pad + u;
                            int xx = 2 * j - pad + v;
                            if (y >= 0 && y < oh && xx >= 0 && xx < ow) {
                                ov[(pl * oh + y) * ow + xx] += filter[u * k + v] * d;
                            }
                        }
                    }
                }
            }
        }
        RefStorage.write(out, ov);
    }
}
