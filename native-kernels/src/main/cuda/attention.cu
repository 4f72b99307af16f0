// Backend.attention, EDM's attention (NVlabs/edm training/networks.py, AttentionOp and the einsum after it)
// fused flash-style: s[b,i,j] = sum_c q[b,c,i] k[b,c,j] / sqrt(C), w = softmax_j(s), out[b,c,i] = sum_j w v[b,c,j].
// One warp per query, 8 queries per block sharing each 32-key tile of k and v in shared memory. Pass 1
// runs over the key tiles with the online softmax (running max m and sum l, rescaling the output
// accumulators), so the scores never go to memory; pass 2 recomputes each tile's scores to write the
// normalised weights [B, Lq, Lk] that the backward pass needs, and the output out = acc / l.
#include "attention_tile.cuh"

namespace attention_entry {

using namespace attention_tile;

template <int NT>
__device__ void forward(const float* q, const float* k, const float* v, float* out, float* weights, int channels, int lq,
                        int lk, float scale) {
    extern __shared__ float smem[];
    float* ks = smem;
    float* vs = ks + channels * LD;
    float* qs = vs + channels * LD;
    int warp = threadIdx.x >> 5;
    int lane = threadIdx.x & 31;
    int b = blockIdx.y;
    int i = blockIdx.x * WARPS + warp;
    bool active = i < lq;
    const float* kb = k + (i64)b * channels * lk;
    const float* vb = v + (i64)b * channels * lk;
    load_columns(qs, q + (i64)b * channels * lq, channels, lq, blockIdx.x * WARPS);
    const float* qi = qs + warp * channels;

    float acc[NT];
#pragma unroll
    for (int t = 0; t < NT; ++t) {
        acc[t] = 0.0f;
    }
    float m = -__int_as_float(0x7f800000);
    float l = 0.0f;
    for (int j0 = 0; j0 < lk; j0 += TILE) {
        __syncthreads();
        load_tile(ks, kb, channels, lk, j0);
        load_tile(vs, vb, channels, lk, j0);
        __syncthreads();
        if (active) {
            float s = j0 + lane < lk ? column_dot(qi, ks, channels, lane) * scale : -__int_as_float(0x7f800000);
            float mNew = java_max(m, warp_max(s));
            float p = expf(s - mNew);
            float corr = expf(m - mNew);
            l = l * corr + warp_sum(p);
            m = mNew;
#pragma unroll
            for (int t = 0; t < NT; ++t) {
                acc[t] *= corr;
            }
            accumulate_rows<NT>(acc, p, vs, channels, lane);
        }
    }
    float* wi = weights + ((i64)b * lq + i) * lk;
    for (int j0 = 0; j0 < lk; j0 += TILE) {
        __syncthreads();
        load_tile(ks, kb, channels, lk, j0);
        __syncthreads();
        if (active && j0 + lane < lk) {
            float s = column_dot(qi, ks, channels, lane) * scale;
            wi[j0 + lane] = expf(s - m) / l;
        }
    }
    if (active) {
#pragma unroll
        for (int t = 0; t < NT; ++t) {
            int c = lane + 32 * t;
            if (c < channels) {
                out[((i64)b * channels + c) * lq + i] = acc[t] / l;
            }
        }
    }
}

}  // namespace attention_entry

#define ATTENTION_ENTRY(NAME, NT)                                                                                \
    extern "C" __global__ void __launch_bounds__(attention_tile::WARPS * 32)                                     \
        NAME(const float* q, const float* k, const float* v, float* out, float* weights, int channels, int lq,   \
             int lk, float scale) {                                                                              \
        attention_entry::forward<NT>(q, k, v, out, weights, channels, lq, lk, scale);                            \
    }

ATTENTION_ENTRY(attention_c32, 1)
ATTENTION_ENTRY(attention_c64, 2)
ATTENTION_ENTRY(attention_c128, 4)
ATTENTION_ENTRY(attention_c256, 8)
ATTENTION_ENTRY(attention_c512, 16)
