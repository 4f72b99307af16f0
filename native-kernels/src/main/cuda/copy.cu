// Backend.copy: dst = src for two strided views of one shape (dst without overlapping elements).
#include "common.cuh"

/** Any views; the launcher merges dimensions that are contiguous in both first. */
extern "C" __global__ void copy_strided(const float* __restrict__ src, View sv, float* __restrict__ dst, View dv, i64 n) {
    for (i64 i = grid_first(); i < n; i += grid_step()) {
        dst[view_at(dv, i)] = src[view_at(sv, i)];
    }
}

/** Both views contiguous: a plain copy of n elements. */
extern "C" __global__ void copy_contiguous(const float* __restrict__ src, float* __restrict__ dst, i64 n) {
    for (i64 i = grid_first(); i < n; i += grid_step()) {
        dst[i] = src[i];
    }
}
