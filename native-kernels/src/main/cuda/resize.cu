// Backend.resize: PIL-semantics separable resize of x [N, C, H, W] to out [N, C, H', W'] from the taps of
// pagoda.tensor.ResizeTaps (computed on the host in double, rounded once to float). Per axis the tables
// hold, for every output pixel, its first input pixel, its tap count, and maxTaps weights:
//   out[i, j] = sum_{u < ny[i], v < nx[j]} wy[i][u] wx[j][v] x[y0[i] + u, x0[j] + v].
// One thread per output element.
#include "common.cuh"

extern "C" __global__ void resize_taps(const float* __restrict__ x, float* __restrict__ out, i64 planes, int h, int w,
                                       int oh, int ow, const int* __restrict__ startY, const int* __restrict__ countY,
                                       const float* __restrict__ weightY, int maxY, const int* __restrict__ startX,
                                       const int* __restrict__ countX, const float* __restrict__ weightX, int maxX) {
    i64 n = planes * oh * ow;
    for (i64 e = grid_first(); e < n; e += grid_step()) {
        int j = (int)(e % ow);
        i64 t = e / ow;
        int i = (int)(t % oh);
        const float* src = x + (t / oh) * h * w;
        const float* wy = weightY + (i64)i * maxY;
        const float* wx = weightX + (i64)j * maxX;
        int y0 = startY[i];
        int x0 = startX[j];
        int nx = countX[j];
        float s = 0.0f;
        for (int u = 0; u < countY[i]; ++u) {
            const float* row = src + (i64)(y0 + u) * w + x0;
            float r = 0.0f;
            for (int v = 0; v < nx; ++v) {
                r += wx[v] * row[v];
            }
            s += wy[u] * r;
        }
        out[e] = s;
    }
}
