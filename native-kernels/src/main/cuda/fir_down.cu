// Backend.firDown (EDM's down-sampling, NVlabs/edm training/networks.py): a depthwise stride-2 k x k
// convolution with one filter for every channel,
//   out[n, c, i, j] = gain * sum_{u, v} f[u*k + v] x[n, c, 2i - pad + u, 2j - pad + v]   (0 outside x).
// One thread per output element; the filter (k*k floats) comes from a device buffer.
#include "common.cuh"

extern "C" __global__ void fir_down(const float* __restrict__ x, const float* __restrict__ f, float* __restrict__ out,
                                    i64 planes, int h, int w, int oh, int ow, int k, int pad, float gain) {
    i64 n = planes * oh * ow;
    for (i64 e = grid_first(); e < n; e += grid_step()) {
        int j = (int)(e % ow);
        i64 t = e / ow;
        int i = (int)(t % oh);
        i64 plane = t / oh;
        const float* src = x + plane * h * w;
        float s = 0.0f;
        for (int u = 0; u < k; ++u) {
            int y = 2 * i - pad + u;
            if (y < 0 || y >= h) {
                continue;
            }
            for (int v = 0; v < k; ++v) {
                int xx = 2 * j - pad + v;
                if (xx >= 0 && xx < w) {
                    s += f[u * k + v] * src[(i64)y * w + xx];
                }
            }
        }
        out[e] = gain * s;
    }
}
