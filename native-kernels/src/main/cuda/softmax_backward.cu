// Backend.softmaxBackward along the last axis: dx = y (dy - sum(dy y)), the Jacobian diag(y) - y y^T
// applied to dy. One warp per row.
#include "common.cuh"

extern "C" __global__ void softmax_backward_rows(const float* __restrict__ y, const float* __restrict__ dy,
                                                 float* __restrict__ dx, i64 rows, int len) {
    int lane = threadIdx.x & 31;
    i64 warps = (i64)gridDim.x * (blockDim.x >> 5);
    for (i64 row = (i64)blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5); row < rows; row += warps) {
        const float* yr = y + row * len;
        const float* dr = dy + row * len;
        float dot = 0.0f;
        for (int i = lane; i < len; i += 32) {
            dot += dr[i] * yr[i];
        }
        dot = warp_sum(dot);
        for (int i = lane; i < len; i += 32) {
            dx[row * len + i] = yr[i] * (dr[i] - dot);
        }
    }
}
