// Backend.groupNorm (Wu and He 2018; PyTorch's group_norm): per sample n and group g, over the
// M = (C / G) * spatial elements of the group (contiguous in x [N, C, *]), the mean mu and the biased
// variance var, rstd = 1 / sqrt(var + eps), out = (x - mu) rstd gamma[c] + beta[c]. Two passes over the
// group (mean, then squared deviations) as the twin; saves mean and rstd [N, G]. One block per (n, g),
// reductions in a fixed tree.
#include "common.cuh"

extern "C" __global__ void group_norm(const float* __restrict__ x, const float* __restrict__ gamma,
                                      const float* __restrict__ beta, float* __restrict__ out, float* __restrict__ mean,
                                      float* __restrict__ rstd, int channels, int groups, i64 spatial, float eps) {
    extern __shared__ float scratch[];
    int perGroup = channels / groups;
    i64 m = (i64)perGroup * spatial;
    int group = blockIdx.x % groups;
    i64 base = (i64)blockIdx.x * m;
    float sum = 0.0f;
    for (i64 e = threadIdx.x; e < m; e += blockDim.x) {
        sum += x[base + e];
    }
    float mu = block_reduce<SumOp>(sum, scratch) / (float)m;
    float sq = 0.0f;
    for (i64 e = threadIdx.x; e < m; e += blockDim.x) {
        float d = x[base + e] - mu;
        sq += d * d;
    }
    float r = 1.0f / sqrtf(block_reduce<SumOp>(sq, scratch) / (float)m + eps);
    for (i64 e = threadIdx.x; e < m; e += blockDim.x) {
        int c = group * perGroup + (int)(e / spatial);
        float scale = gamma == nullptr ? 1.0f : gamma[c];
        float shift = beta == nullptr ? 0.0f : beta[c];
        out[base + e] = (x[base + e] - mu) * r * scale + shift;
    }
    if (threadIdx.x == 0) {
        mean[blockIdx.x] = mu;
        rstd[blockIdx.x] = r;
    }
}
