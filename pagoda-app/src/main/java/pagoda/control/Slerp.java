package pagoda.control;

import pagoda.tensor.Tensor;

/**
 * Spherical linear interpolation of latents (Shoemake 1985), per image:
 * <pre>
 *   slerp(a, b; t) = sin((1 - t) theta) / sin(theta) a + sin(t theta) / sin(theta) b,   cos(theta) = a.b / (|a| |b|)
 * </pre>
 * Gaussian latents in high dimension sit near a sphere of radius 80 sqrt(d); a straight line between two of them
 * passes well inside it (norm about 1/sqrt(2) of it at t = 1/2), where G was never trained, while slerp keeps
 * the norm. Nearly parallel latents (sin theta below 1e-6) are interpolated linearly.
 */
public final class Slerp {
    private Slerp() {
    }

    /**
     * @param a latents [N, ...]
     * @param b latents of a's shape
     * @return slerp(a_i, b_i; t) for every image i, in double inside
     */
    public static Tensor of(Tensor a, Tensor b, double t) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("slerp: latents of different shapes");
        }
        int n = a.size(0);
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        int per = x.length / n;
        double[] out = new double[x.length];
        for (int i = 0; i < n; i++) {
            double dot = 0;
            double nx = 0;
            double ny = 0;
            for (int k = i * per; k < (i + 1) * per; k++) {
                dot += x[k] * y[k];
                nx += x[k] * x[k];
                ny += y[k] * y[k];
            }
            double cos = Math.clamp(dot / Math.sqrt(nx * ny), -1, 1);
            double theta = Math.acos(cos);
            double s = Math.sin(theta);
            double wa = s < 1e-6 ? 1 - t : Math.sin((1 - t) * theta) / s;
            double wb = s < 1e-6 ? t : Math.sin(t * theta) / s;
            for (int k = i * per; k < (i + 1) * per; k++) {
                out[k] = wa * x[k] + wb * y[k];
            }
        }
        return Tensor.ofDoubles(a.backend(), out, a.shape());
    }
}
