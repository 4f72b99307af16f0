// Backend.translate (DiffAugment's translation): out[n, c, i, j] = x[n, c, i - shiftH[n], j - shiftW[n]]
// where that index lies inside the image, else 0. One thread per output element (grid-stride). The
// source index is formed in 64 bits, so shifts of any int value (far beyond the image) cannot overflow.
// It only moves floats: exact.
#include "common.cuh"

extern "C" __global__ void translate(const float* __restrict__ x, float* __restrict__ out,
                                     const int* __restrict__ shiftH, const int* __restrict__ shiftW, i64 total,
                                     int channels, int h, int w) {
    i64 plane = (i64)h * w;
    for (i64 o = grid_first(); o < total; o += grid_step()) {
        i64 p = o / plane;
        i64 within = o - p * plane;
        i64 i = within / w;
        i64 j = within - i * w;
        int n = (int)(p / channels);
        i64 si = i - shiftH[n];
        i64 sj = j - shiftW[n];
        out[o] = si >= 0 && si < h && sj >= 0 && sj < w ? x[p * plane + si * w + sj] : 0.0f;
    }
}
