// Backend.batchNormBackward. With xhat = (x - mu) rstd and g = gamma[c] dy over the M = N * spatial
// elements of channel c:
//   dx = rstd (g - mean(g) - xhat mean(g xhat)) = rstd gamma (dy - A / M - xhat B / M),
//   dgamma[c] = B = sum dy xhat, dbeta[c] = A = sum dy.
// One block per channel, which has both sums, so dx, dgamma and dbeta come from one kernel; dgamma and
// dbeta may be null (not wanted). Reductions in a fixed tree, no atomics: the same bits on every run.
#include "common.cuh"

namespace batch_norm_backward_detail {

/** Storage index of element e = n * spatial + s of channel c in x [N, C, spatial]. */
__device__ __forceinline__ i64 channel_at(i64 e, int c, int channels, i64 spatial) {
    i64 n = e / spatial;
    return (n * channels + c) * spatial + (e - n * spatial);
}

}  // namespace batch_norm_backward_detail

extern "C" __global__ void batch_norm_backward(const float* __restrict__ dy, const float* __restrict__ x,
                                               const float* __restrict__ gamma, const float* __restrict__ mean,
                                               const float* __restrict__ rstd, float* __restrict__ dx,
                                               float* __restrict__ dgamma, float* __restrict__ dbeta, int samples,
                                               int channels, i64 spatial) {
    using batch_norm_backward_detail::channel_at;
    extern __shared__ float scratch[];
    int c = blockIdx.x;
    i64 m = (i64)samples * spatial;
    float mu = mean[c];
    float r = rstd[c];
    float sumDy = 0.0f;
    float sumDyXhat = 0.0f;
    for (i64 e = threadIdx.x; e < m; e += blockDim.x) {
        i64 at = channel_at(e, c, channels, spatial);
        float d = dy[at];
        sumDy += d;
        sumDyXhat += d * (x[at] - mu) * r;
    }
    float a = block_reduce<SumOp>(sumDy, scratch);
    float b = block_reduce<SumOp>(sumDyXhat, scratch);
    float meanDy = a / (float)m;
    float meanDyXhat = b / (float)m;
    float scale = gamma == nullptr ? r : r * gamma[c];
    for (i64 e = threadIdx.x; e < m; e += blockDim.x) {
        i64 at = channel_at(e, c, channels, spatial);
        float xhat = (x[at] - mu) * r;
        dx[at] = scale * (dy[at] - meanDy - xhat * meanDyXhat);
    }
    if (threadIdx.x == 0) {
        if (dgamma != nullptr) {
            dgamma[c] = b;
        }
        if (dbeta != nullptr) {
            dbeta[c] = a;
        }
    }
}
