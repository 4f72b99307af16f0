// Tile sizes and shared-memory loads of the fused attention kernels (attention.cu, attention_backward.cu),
// for EDM's channels-first heads: q [B, C, Lq], k and v [B, C, Lk].
//
// A block is 8 warps. Tiles of 32 keys (or queries) of k, v, q or dout, all C channels, are staged in
// shared memory as [C][33]: loaded with consecutive threads on consecutive positions of a channel's row
// (coalesced), read by a warp either with lanes on consecutive positions (one channel) or on consecutive
// channels (one position); the padding of 33 keeps both free of bank conflicts. A lane owns channels
// lane, lane + 32, ..., lane + 32 (NT - 1) of its warp's accumulators, so C <= 32 NT.
#pragma once
#include "common.cuh"

namespace attention_tile {

constexpr int WARPS = 8;
constexpr int TILE = 32;
constexpr int LD = TILE + 1;

/** dst[c][t] = src[c * len + from + t] for t < TILE (0 past len), all C channels. */
__device__ __forceinline__ void load_tile(float* dst, const float* src, int channels, int len, int from) {
    for (int e = threadIdx.x; e < channels * TILE; e += blockDim.x) {
        int c = e / TILE;
        int t = e - c * TILE;
        int at = from + t;
        dst[c * LD + t] = at < len ? src[(i64)c * len + at] : 0.0f;
    }
}

/** dst[w][c] = src[c * len + from + w] for the block's WARPS positions (0 past len): one column per warp. */
__device__ __forceinline__ void load_columns(float* dst, const float* src, int channels, int len, int from) {
    for (int e = threadIdx.x; e < channels * WARPS; e += blockDim.x) {
        int c = e / WARPS;
        int w = e - c * WARPS;
        int at = from + w;
        dst[w * channels + c] = at < len ? src[(i64)c * len + at] : 0.0f;
    }
}

/** sum_c column[c] tile[c][lane]: the lane's key against the warp's query (or output gradient). */
__device__ __forceinline__ float column_dot(const float* column, const float* tile, int channels, int lane) {
    float s = 0.0f;
    for (int c = 0; c < channels; ++c) {
        s += column[c] * tile[c * LD + lane];
    }
    return s;
}

/** acc[t] += sum_jj shfl(p, jj) tile[lane + 32 t][jj]: the warp's row of p times the tile, per owned channel. */
template <int NT>
__device__ __forceinline__ void accumulate_rows(float (&acc)[NT], float p, const float* tile, int channels, int lane) {
#pragma unroll 4
    for (int jj = 0; jj < TILE; ++jj) {
        float pj = __shfl_sync(0xffffffffu, p, jj);
#pragma unroll
        for (int t = 0; t < NT; ++t) {
            int c = lane + 32 * t;
            if (c < channels) {
                acc[t] += pj * tile[c * LD + jj];
            }
        }
    }
}

}  // namespace attention_tile
