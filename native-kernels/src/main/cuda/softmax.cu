// Backend.softmax along the last axis: y = exp(x - max) / sum exp(x - max), subtracting the row's maximum
// so that exp stays finite. One warp per row, lanes striding along it; warp reductions in a fixed order.
#include "common.cuh"

extern "C" __global__ void softmax_rows(const float* __restrict__ x, float* __restrict__ y, i64 rows, int len) {
    int lane = threadIdx.x & 31;
    i64 warps = (i64)gridDim.x * (blockDim.x >> 5);
    for (i64 row = (i64)blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5); row < rows; row += warps) {
        const float* in = x + row * len;
        float* out = y + row * len;
        float mx = -__int_as_float(0x7f800000);
        for (int i = lane; i < len; i += 32) {
            mx = java_max(mx, in[i]);
        }
        mx = warp_max(mx);
        float sum = 0.0f;
        for (int i = lane; i < len; i += 32) {
            float e = expf(in[i] - mx);
            out[i] = e;
            sum += e;
        }
        sum = warp_sum(sum);
        for (int i = lane; i < len; i += 32) {
            out[i] = out[i] / sum;
        }
    }
}
