// Backend.attentionBackward for EDM's attention (see attention.cu), from the saved weights w:
//   dv[b,c,j] = sum_i w[b,i,j] dout[b,c,i],   dw[b,i,j] = sum_c dout[b,c,i] v[b,c,j],
//   ds = w (dw - sum_j w dw)  (softmax backward),
//   dq[b,c,i] = sum_j k[b,c,j] ds[b,i,j] / sqrt(C),   dk[b,c,j] = sum_i q[b,c,i] ds[b,i,j] / sqrt(C).
// attention_backward_query_*: one warp per query i; pass 1 forms dw tile by tile (never stored) for the
// row sum D_i = sum_j w dw, pass 2 recomputes dw, writes ds [B, Lq, Lk] to a workspace and accumulates dq.
// attention_backward_key_*: one warp per key j, summing over query tiles for dv and dk. No atomics.
#include "attention_tile.cuh"

namespace attention_backward_entry {

using namespace attention_tile;

template <int NT>
__device__ void by_query(const float* k, const float* v, const float* weights, const float* dout, float* dq, float* ds,
                         int channels, int lq, int lk, float scale) {
    extern __shared__ float smem[];
    float* ks = smem;
    float* vs = ks + channels * LD;
    float* dos = vs + channels * LD;
    int warp = threadIdx.x >> 5;
    int lane = threadIdx.x & 31;
    int b = blockIdx.y;
    int i = blockIdx.x * WARPS + warp;
    bool active = i < lq;
    const float* kb = k + (i64)b * channels * lk;
    const float* vb = v + (i64)b * channels * lk;
    load_columns(dos, dout + (i64)b * channels * lq, channels, lq, blockIdx.x * WARPS);
    const float* doi = dos + warp * channels;
    const float* wi = weights + ((i64)b * lq + i) * lk;
    float* dsi = ds + ((i64)b * lq + i) * lk;

    float rowDot = 0.0f;
    for (int j0 = 0; j0 < lk; j0 += TILE) {
        __syncthreads();
        load_tile(vs, vb, channels, lk, j0);
        __syncthreads();
        if (active && j0 + lane < lk) {
            rowDot += wi[j0 + lane] * column_dot(doi, vs, channels, lane);
        }
    }
    rowDot = warp_sum(rowDot);

    float acc[NT];
#pragma unroll
    for (int t = 0; t < NT; ++t) {
        acc[t] = 0.0f;
    }
    for (int j0 = 0; j0 < lk; j0 += TILE) {
        __syncthreads();
        load_tile(ks, kb, channels, lk, j0);
        load_tile(vs, vb, channels, lk, j0);
        __syncthreads();
        if (active) {
            float g = 0.0f;
            if (j0 + lane < lk) {
                float w = wi[j0 + lane];
                g = w * (column_dot(doi, vs, channels, lane) - rowDot);
                dsi[j0 + lane] = g;
            }
            accumulate_rows<NT>(acc, g, ks, channels, lane);
        }
    }
    if (active) {
#pragma unroll
        for (int t = 0; t < NT; ++t) {
            int c = lane + 32 * t;
            if (c < channels) {
                dq[((i64)b * channels + c) * lq + i] = acc[t] * scale;
            }
        }
    }
}

template <int NT>
__device__ void by_key(const float* q, const float* weights, const float* ds, const float* dout, float* dk, float* dv,
                       int channels, int lq, int lk, float scale) {
    extern __shared__ float smem[];
    float* dos = smem;
    float* qs = dos + channels * LD;
    float* wt = qs + channels * LD;
    float* st = wt + TILE * WARPS;
    int warp = threadIdx.x >> 5;
    int lane = threadIdx.x & 31;
    int b = blockIdx.y;
    int j0 = blockIdx.x * WARPS;
    int j = j0 + warp;
    bool active = j < lk;
    const float* qb = q + (i64)b * channels * lq;
    const float* db = dout + (i64)b * channels * lq;

    float accV[NT];
    float accK[NT];
#pragma unroll
    for (int t = 0; t < NT; ++t) {
        accV[t] = 0.0f;
        accK[t] = 0.0f;
    }
    for (int i0 = 0; i0 < lq; i0 += TILE) {
        __syncthreads();
        load_tile(dos, db, channels, lq, i0);
        load_tile(qs, qb, channels, lq, i0);
        for (int e = threadIdx.x; e < TILE * WARPS; e += blockDim.x) {
            int ii = e / WARPS;
            int jj = j0 + e - ii * WARPS;
            int i = i0 + ii;
            bool inside = i < lq && jj < lk;
            i64 at = ((i64)b * lq + i) * lk + jj;
            wt[e] = inside ? weights[at] : 0.0f;
            st[e] = inside ? ds[at] : 0.0f;
        }
        __syncthreads();
        if (active) {
            for (int ii = 0; ii < TILE; ++ii) {
                float w = wt[ii * WARPS + warp];
                float g = st[ii * WARPS + warp];
#pragma unroll
                for (int t = 0; t < NT; ++t) {
                    int c = lane + 32 * t;
                    if (c < channels) {
                        accV[t] += w * dos[c * LD + ii];
                        accK[t] += g * qs[c * LD + ii];
                    }
                }
            }
        }
    }
    if (active) {
#pragma unroll
        for (int t = 0; t < NT; ++t) {
            int c = lane + 32 * t;
            if (c < channels) {
                i64 at = ((i64)b * channels + c) * lk + j;
                dv[at] = accV[t];
                dk[at] = accK[t] * scale;
            }
        }
    }
}

}  // namespace attention_backward_entry

#define ATTENTION_BACKWARD_ENTRIES(SUFFIX, NT)                                                                   \
    extern "C" __global__ void __launch_bounds__(attention_tile::WARPS * 32) attention_backward_query_##SUFFIX(  \
        const float* k, const float* v, const float* weights, const float* dout, float* dq, float* ds,           \
        int channels, int lq, int lk, float scale) {                                                             \
        attention_backward_entry::by_query<NT>(k, v, weights, dout, dq, ds, channels, lq, lk, scale);            \
    }                                                                                                            \
    extern "C" __global__ void __launch_bounds__(attention_tile::WARPS * 32) attention_backward_key_##SUFFIX(    \
        const float* q, const float* weights, const float* ds, const float* dout, float* dk, float* dv,          \
        int channels, int lq, int lk, float scale) {                                                             \
        attention_backward_entry::by_key<NT>(q, weights, ds, dout, dk, dv, channels, lq, lk, scale);             \
    }

ATTENTION_BACKWARD_ENTRIES(c32, 1)
ATTENTION_BACKWARD_ENTRIES(c64, 2)
ATTENTION_BACKWARD_ENTRIES(c128, 4)
ATTENTION_BACKWARD_ENTRIES(c256, 8)
ATTENTION_BACKWARD_ENTRIES(c512, 16)
