// Backend.batchNorm (Ioffe and Szegedy 2015, Algorithm 1; PyTorch's batch_norm in training mode): per
// channel c, over the M = N * spatial elements x[n, c, s] of all samples, the mean mu and the biased
// variance var, rstd = 1 / sqrt(var + eps), out = (x - mu) rstd gamma[c] + beta[c]. Saves mean and rstd
// [C]. One block per channel: a channel is N spans of spatial elements, one per sample, walked as one
// flat index e = n * spatial + s so that every thread has work even with one position per channel.
// Two passes as the CPU backend: the mean, then the squared deviations with the correction of Chan,
// Golub and LeVeque (subtracting (sum of deviations)^2 / M cancels most of the mean's rounding error).
// Reductions in a fixed tree: the same bits on every run.
#include "common.cuh"

namespace batch_norm_detail {

/** Storage index of element e = n * spatial + s of channel c in x [N, C, spatial]. */
__device__ __forceinline__ i64 channel_at(i64 e, int c, int channels, i64 spatial) {
    i64 n = e / spatial;
    return (n * channels + c) * spatial + (e - n * spatial);
}

}  // namespace batch_norm_detail

extern "C" __global__ void batch_norm(const float* __restrict__ x, const float* __restrict__ gamma,
                                      const float* __restrict__ beta, float* __restrict__ out, float* __restrict__ mean,
                                      float* __restrict__ rstd, int samples, int channels, i64 spatial, float eps) {
    using batch_norm_detail::channel_at;
    extern __shared__ float scratch[];
    int c = blockIdx.x;
    i64 m = (i64)samples * spatial;
    float sum = 0.0f;
    for (i64 e = threadIdx.x; e < m; e += blockDim.x) {
        sum += x[channel_at(e, c, channels, spatial)];
    }
    float mu = block_reduce<SumOp>(sum, scratch) / (float)m;
    float dev = 0.0f;
    float sq = 0.0f;
    for (i64 e = threadIdx.x; e < m; e += blockDim.x) {
        float d = x[channel_at(e, c, channels, spatial)] - mu;
        dev += d;
        sq += d * d;
    }
    float devSum = block_reduce<SumOp>(dev, scratch);
    float sqSum = block_reduce<SumOp>(sq, scratch);
    float var = fmaxf(0.0f, sqSum - devSum * devSum / (float)m) / (float)m;
    float r = 1.0f / sqrtf(var + eps);
    float scale = gamma == nullptr ? r : r * gamma[c];
    float shift = beta == nullptr ? 0.0f : beta[c];
    for (i64 e = threadIdx.x; e < m; e += blockDim.x) {
        i64 at = channel_at(e, c, channels, spatial);
        out[at] = (x[at] - mu) * scale + shift;
    }
    if (threadIdx.x == 0) {
        mean[c] = mu;
        rstd[c] = r;
    }
}
