// Backend.resizeBackward, the adjoint of resize: dx[y, x] = sum over the output pixels (i, j) whose taps read
// (y, x) of wy[i] wx[j] dy[i, j]. Gathered per input pixel from inverted tap tables built on the host (per
// axis, CSR: input pixel y owns entries first[y] .. first[y + 1] - 1, each an output index and its weight),
// so every dx element is written once: no atomics, the same bits on every run.
#include "common.cuh"

extern "C" __global__ void resize_backward_taps(const float* __restrict__ dy, float* __restrict__ dx, i64 planes, int h,
                                                int w, int oh, int ow, const int* __restrict__ firstY,
                                                const int* __restrict__ outY, const float* __restrict__ weightY,
                                                const int* __restrict__ firstX, const int* __restrict__ outX,
                                                const float* __restrict__ weightX) {
    i64 n = planes * h * w;
    for (i64 e = grid_first(); e < n; e += grid_step()) {
        int xx = (int)(e % w);
        i64 t = e / w;
        int y = (int)(t % h);
        const float* src = dy + (t / h) * oh * ow;
        int xBegin = firstX[xx];
        int xEnd = firstX[xx + 1];
        float s = 0.0f;
        for (int a = firstY[y]; a < firstY[y + 1]; ++a) {
            const float* row = src + (i64)outY[a] * ow;
            float r = 0.0f;
            for (int c = xBegin; c < xEnd; ++c) {
                r += weightX[c] * row[outX[c]];
            }
            s += weightY[a] * r;
        }
        dx[e] = s;
    }
}
