// Backend.fill: every element of a strided view set to one value.
#include "common.cuh"

extern "C" __global__ void fill_strided(float* __restrict__ dst, View dv, i64 n, float value) {
    for (i64 i = grid_first(); i < n; i += grid_step()) {
        dst[view_at(dv, i)] = value;
    }
}

extern "C" __global__ void fill_contiguous(float* __restrict__ dst, i64 n, float value) {
    for (i64 i = grid_first(); i < n; i += grid_step()) {
        dst[i] = value;
    }
}
