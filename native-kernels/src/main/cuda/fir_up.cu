// Backend.firUp, the adjoint of firDown (EDM's up-sampling: a depthwise stride-2 transposed convolution):
//   out[n, c, 2i - pad + u, 2j - pad + v] += gain * f[u*k + v] x[n, c, i, j].
// Gathered rather than scattered: output pixel y collects the taps u with y + pad - u even, from input
// row i = (y + pad - u) / 2 when inside x. One thread per output element, no atomics.
#include "common.cuh"

extern "C" __global__ void fir_up(const float* __restrict__ x, const float* __restrict__ f, float* __restrict__ out,
                                  i64 planes, int h, int w, int oh, int ow, int k, int pad, float gain) {
    i64 n = planes * oh * ow;
    for (i64 e = grid_first(); e < n; e += grid_step()) {
        int xo = (int)(e % ow);
        i64 t = e / ow;
        int yo = (int)(t % oh);
        i64 plane = t / oh;
        const float* src = x + plane * h * w;
        float s = 0.0f;
        for (int u = (yo + pad) & 1; u < k; u += 2) {
            int i = (yo + pad - u) >> 1;
            if (yo + pad - u < 0 || i >= h) {
                continue;
            }
            for (int v = (xo + pad) & 1; v < k; v += 2) {
                int j = (xo + pad - v) >> 1;
                if (xo + pad - v >= 0 && j < w) {
                    s += f[u * k + v] * src[(i64)i * w + j];
                }
            }
        }
        out[e] = gain * s;
    }
}
