// Shared by every kernel: integer types, strided views, and the block and warp reductions.
#pragma once

typedef long long i64;
typedef unsigned long long u64;

#define PAGODA_MAX_RANK 8

/**
 * A strided view of a float tensor: element (i_0, ..., i_{rank-1}) lives at
 * offset + sum_d i_d * stride[d]. Only 64-bit fields, so the Java side (pagoda.cuda.kernels.View) lays
 * it out as a long[] of 2 + 2 * PAGODA_MAX_RANK values; dimensions are left-aligned, unused ones ignored.
 */
struct View {
    i64 rank;
    i64 offset;
    i64 shape[PAGODA_MAX_RANK];
    i64 stride[PAGODA_MAX_RANK];
};

/** The storage index of row-major element {@code linear} of the view. The loop is unrolled over the
 *  maximal rank so that the parameter arrays are indexed by constants and stay out of local memory. */
__device__ __forceinline__ i64 view_at(const View& v, i64 linear) {
    i64 at = v.offset;
#pragma unroll
    for (int d = PAGODA_MAX_RANK - 1; d >= 0; --d) {
        if (d < v.rank) {
            i64 s = v.shape[d];
            i64 q = linear / s;
            at += (linear - q * s) * v.stride[d];
            linear = q;
        }
    }
    return at;
}

/** The first index of a grid-stride loop and its step. */
__device__ __forceinline__ i64 grid_first() {
    return (i64)blockIdx.x * blockDim.x + threadIdx.x;
}

__device__ __forceinline__ i64 grid_step() {
    return (i64)gridDim.x * blockDim.x;
}

/** Java's Math.max on floats: NaN if either is NaN (CUDA's fmaxf would drop it). */
__device__ __forceinline__ float java_max(float a, float b) {
    if (a != a || b != b) {
        return a + b;
    }
    return a > b ? a : b;
}

/** Java's Math.min on floats: NaN if either is NaN. */
__device__ __forceinline__ float java_min(float a, float b) {
    if (a != a || b != b) {
        return a + b;
    }
    return a < b ? a : b;
}

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        v += __shfl_xor_sync(0xffffffffu, v, o);
    }
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        v = java_max(v, __shfl_xor_sync(0xffffffffu, v, o));
    }
    return v;
}

/** Combining rules of the block reduction. */
struct SumOp {
    __device__ static float apply(float a, float b) { return a + b; }
};
struct MaxOp {
    __device__ static float apply(float a, float b) { return java_max(a, b); }
};
struct MinOp {
    __device__ static float apply(float a, float b) { return java_min(a, b); }
};

/**
 * Reduces one value per thread over the block (blockDim.x a power of two, at most 1024) in a fixed tree,
 * so the result does not depend on timing: every thread gets it. {@code scratch} holds blockDim.x floats;
 * the call begins and ends with a barrier, so it may be called again with the same scratch.
 */
template <class Op>
__device__ float block_reduce(float v, float* scratch) {
    __syncthreads();
    scratch[threadIdx.x] = v;
    __syncthreads();
    for (int half = blockDim.x >> 1; half > 0; half >>= 1) {
        if ((int)threadIdx.x < half) {
            scratch[threadIdx.x] = Op::apply(scratch[threadIdx.x], scratch[threadIdx.x + half]);
        }
        __syncthreads();
    }
    float r = scratch[0];
    __syncthreads();
    return r;
}
