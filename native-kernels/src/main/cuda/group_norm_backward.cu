// Backend.groupNormBackward. With xhat = (x - mu) rstd and g = gamma[c] dy, over the M elements of a group:
//   dx = rstd (g - mean(g) - xhat mean(g xhat));
//   dgamma[c] = sum_{n, positions} dy xhat, dbeta[c] = sum dy.
// group_norm_backward_dx: one block per (n, g). group_norm_backward_params: one block per channel, summing
// over samples and positions in a fixed order. No atomics: the same bits on every run.
#include "common.cuh"

extern "C" __global__ void group_norm_backward_dx(const float* __restrict__ dy, const float* __restrict__ x,
                                                  const float* __restrict__ gamma, const float* __restrict__ mean,
                                                  const float* __restrict__ rstd, float* __restrict__ dx, int channels,
                                                  int groups, i64 spatial) {
    extern __shared__ float scratch[];
    int perGroup = channels / groups;
    i64 m = (i64)perGroup * spatial;
    int group = blockIdx.x % groups;
    i64 base = (i64)blockIdx.x * m;
    float mu = mean[blockIdx.x];
    float r = rstd[blockIdx.x];
    float sumG = 0.0f;
    float sumGXhat = 0.0f;
    for (i64 e = threadIdx.x; e < m; e += blockDim.x) {
        int c = group * perGroup + (int)(e / spatial);
        float g = (gamma == nullptr ? 1.0f : gamma[c]) * dy[base + e];
        sumG += g;
        sumGXhat += g * (x[base + e] - mu) * r;
    }
    float meanG = block_reduce<SumOp>(sumG, scratch) / (float)m;
    float meanGXhat = block_reduce<SumOp>(sumGXhat, scratch) / (float)m;
    for (i64 e = threadIdx.x; e < m; e += blockDim.x) {
        int c = group * perGroup + (int)(e / spatial);
        float g = (gamma == nullptr ? 1.0f : gamma[c]) * dy[base + e];
        float xhat = (x[base + e] - mu) * r;
        dx[base + e] = r * (g - meanG - xhat * meanGXhat);
    }
}

extern "C" __global__ void group_norm_backward_params(const float* __restrict__ dy, const float* __restrict__ x,
                                                      const float* __restrict__ mean, const float* __restrict__ rstd,
                                                      float* __restrict__ dgamma, float* __restrict__ dbeta, int samples,
                                                      int channels, int groups, i64 spatial) {
    extern __shared__ float scratch[];
    int c = blockIdx.x;
    int group = c / (channels / groups);
    float sumDyXhat = 0.0f;
    float sumDy = 0.0f;
    for (int n = 0; n < samples; ++n) {
        float mu = mean[n * groups + group];
        float r = rstd[n * groups + group];
        i64 base = ((i64)n * channels + c) * spatial;
        for (i64 e = threadIdx.x; e < spatial; e += blockDim.x) {
            float d = dy[base + e];
            sumDyXhat += d * (x[base + e] - mu) * r;
            sumDy += d;
        }
    }
    float dg = block_reduce<SumOp>(sumDyXhat, scratch);
    float db = block_reduce<SumOp>(sumDy, scratch);
    if (threadIdx.x == 0) {
        dgamma[c] = dg;
        dbeta[c] = db;
    }
}
