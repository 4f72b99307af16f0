// The tiled tensor-core GEMM main loop shared by gemm.cu and the three implicit-GEMM convolutions.
//
// A block of 256 threads (8 warps, 2 x 4) computes a 128 x 128 tile of C = A B over a range of the
// reduction index k, with operands fetched by loader functors (so a convolution gathers its operands
// from the image on the fly instead of materialising im2col). Each k-tile is fetched from global memory
// into registers while the tensor cores work on the previous one, stored to shared memory (rounded to
// the mode's input type), and consumed by WMMA fragments; each warp owns a 64 x 32 sub-tile of 4 x 2
// accumulator fragments of 16 x 16 floats.
//
// Modes:
//  - MODE_FP32: "3xTF32": each float x is split into hi = tf32(x) and lo = tf32(x - hi), and
//    a b ~ a_hi b_hi + a_hi b_lo + a_lo b_hi, dropping a_lo b_lo (about 2^-22 |a b|). Products carry about
//    float32's error, so the results meet the float32 error bounds of the conformance suite; the cost is
//    three tensor-core passes, still ahead of FFMA on Ampere and Hopper. The default of the backend.
//  - MODE_TF32: one pass on tf32-rounded inputs (10-bit mantissa), float accumulation: PyTorch's
//    allow_tf32 behaviour; about 1e-3 relative error per product.
//  - MODE_BF16: inputs rounded to bfloat16 (8-bit mantissa), float accumulation.
#pragma once
#include <mma.h>
#include <cuda_bf16.h>
#include "common.cuh"

namespace gemm {

using namespace nvcuda;

enum Mode { MODE_FP32 = 0, MODE_TF32 = 1, MODE_BF16 = 2 };

constexpr int BM = 128;
constexpr int BN = 128;
constexpr int THREADS = 256;
constexpr int WARPS_N = 4;
constexpr int WM = 64;
constexpr int WN = 32;
constexpr int FM = WM / 16;
constexpr int FN = WN / 16;

/** Shared-memory element type and tile depth per mode; PAD keeps 32-byte fragment alignment and spreads banks. */
template <int MODE> struct Tile {
    typedef float T;
    static constexpr int BK = 16;
    static constexpr int KSTEP = 8;
    static constexpr int PAD = 4;
    typedef wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> FragA;
    typedef wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::row_major> FragB;
    typedef wmma::fragment<wmma::accumulator, 16, 16, 8, float> FragC;
    __device__ static T store(float v) { return v; }
};

template <> struct Tile<MODE_BF16> {
    typedef __nv_bfloat16 T;
    // One k-step per tile: a deeper tile would double the prefetch registers and spill.
    static constexpr int BK = 16;
    static constexpr int KSTEP = 16;
    static constexpr int PAD = 8;
    typedef wmma::fragment<wmma::matrix_a, 16, 16, 16, __nv_bfloat16, wmma::row_major> FragA;
    typedef wmma::fragment<wmma::matrix_b, 16, 16, 16, __nv_bfloat16, wmma::row_major> FragB;
    typedef wmma::fragment<wmma::accumulator, 16, 16, 16, float> FragC;
    __device__ static T store(float v) { return __float2bfloat16_rn(v); }
};

template <class Frag>
__device__ __forceinline__ void to_tf32(Frag& f) {
#pragma unroll
    for (int t = 0; t < f.num_elements; ++t) {
        f.x[t] = wmma::__float_to_tf32(f.x[t]);
    }
}

/** hi = tf32(f), lo = tf32(f - hi); f is left holding hi. */
template <class Frag>
__device__ __forceinline__ void split_tf32(Frag& f, Frag& lo) {
#pragma unroll
    for (int t = 0; t < f.num_elements; ++t) {
        float hi = wmma::__float_to_tf32(f.x[t]);
        lo.x[t] = wmma::__float_to_tf32(f.x[t] - hi);
        f.x[t] = hi;
    }
}

/**
 * Accumulates the tile (m0, n0) of A[M, k] B[k, N] over k in [kBegin, kEnd) and hands every element of
 * the tile inside M x N to {@code ep(m, n, value)}. {@code la(m, k)} and {@code lb(k, n)} are called only
 * for indices inside the matrices. {@code aKFast} / {@code bNFast} say which index of each operand is
 * contiguous in memory, so that consecutive threads fetch consecutive addresses.
 */
template <int MODE, class LA, class LB, class EP>
__device__ __forceinline__ void gemm_block(const LA& la, const LB& lb, const EP& ep, int M, int N, i64 kBegin, i64 kEnd,
                                           int m0, int n0, bool aKFast, bool bNFast) {
    typedef Tile<MODE> TT;
    typedef typename TT::T T;
    constexpr int BK = TT::BK;
    constexpr int LDA = BK + TT::PAD;
    constexpr int LDB = BN + TT::PAD;
    constexpr int AL = BM * BK / THREADS;
    constexpr int BL = BK * BN / THREADS;
    __shared__ __align__(128) T as[BM * LDA];
    __shared__ __align__(128) T bs[BK * LDB];
    __shared__ __align__(128) float cs[THREADS / 32][16 * 16];

    const int tid = threadIdx.x;
    const int warp = tid >> 5;
    const int lane = tid & 31;
    const int wm = warp / WARPS_N;
    const int wn = warp % WARPS_N;

    float ra[AL];
    float rb[BL];
    // Element e of a thread's share of a tile: its row and column, recomputed where needed (shifts and
    // masks, since the tile sizes are powers of two) rather than held in registers.
    auto a_m = [&](int e) { return aKFast ? e / BK : e % BM; };
    auto a_k = [&](int e) { return aKFast ? e % BK : e / BM; };
    auto b_n = [&](int e) { return bNFast ? e % BN : e / BK; };
    auto b_k = [&](int e) { return bNFast ? e / BN : e % BK; };

    typename TT::FragC acc[FM][FN];
#pragma unroll
    for (int i = 0; i < FM; ++i) {
#pragma unroll
        for (int j = 0; j < FN; ++j) {
            wmma::fill_fragment(acc[i][j], 0.0f);
        }
    }

    auto fetch = [&](i64 k0) {
#pragma unroll
        for (int i = 0; i < AL; ++i) {
            int e = tid + i * THREADS;
            int m = m0 + a_m(e);
            i64 k = k0 + a_k(e);
            ra[i] = (m < M && k < kEnd) ? la(m, k) : 0.0f;
        }
#pragma unroll
        for (int i = 0; i < BL; ++i) {
            int e = tid + i * THREADS;
            int n = n0 + b_n(e);
            i64 k = k0 + b_k(e);
            rb[i] = (n < N && k < kEnd) ? lb(k, n) : 0.0f;
        }
    };

    fetch(kBegin);
    for (i64 k0 = kBegin; k0 < kEnd; k0 += BK) {
        __syncthreads();
#pragma unroll
        for (int i = 0; i < AL; ++i) {
            int e = tid + i * THREADS;
            as[a_m(e) * LDA + a_k(e)] = TT::store(ra[i]);
        }
#pragma unroll
        for (int i = 0; i < BL; ++i) {
            int e = tid + i * THREADS;
            bs[b_k(e) * LDB + b_n(e)] = TT::store(rb[i]);
        }
        __syncthreads();
        if (k0 + BK < kEnd) {
            fetch(k0 + BK);
        }
#pragma unroll
        for (int ks = 0; ks < BK; ks += TT::KSTEP) {
            typename TT::FragB b[FN];
            typename TT::FragB blo[FN];
#pragma unroll
            for (int j = 0; j < FN; ++j) {
                wmma::load_matrix_sync(b[j], bs + ks * LDB + wn * WN + j * 16, LDB);
                if constexpr (MODE == MODE_FP32) {
                    split_tf32(b[j], blo[j]);
                } else if constexpr (MODE == MODE_TF32) {
                    to_tf32(b[j]);
                }
            }
#pragma unroll
            for (int i = 0; i < FM; ++i) {
                typename TT::FragA a;
                wmma::load_matrix_sync(a, as + (wm * WM + i * 16) * LDA + ks, LDA);
                if constexpr (MODE == MODE_FP32) {
                    typename TT::FragA alo;
                    split_tf32(a, alo);
#pragma unroll
                    for (int j = 0; j < FN; ++j) {
                        wmma::mma_sync(acc[i][j], alo, b[j], acc[i][j]);
                        wmma::mma_sync(acc[i][j], a, blo[j], acc[i][j]);
                        wmma::mma_sync(acc[i][j], a, b[j], acc[i][j]);
                    }
                } else {
                    if constexpr (MODE == MODE_TF32) {
                        to_tf32(a);
                    }
#pragma unroll
                    for (int j = 0; j < FN; ++j) {
                        wmma::mma_sync(acc[i][j], a, b[j], acc[i][j]);
                    }
                }
            }
        }
    }

    float* scratch = cs[warp];
#pragma unroll
    for (int i = 0; i < FM; ++i) {
#pragma unroll
        for (int j = 0; j < FN; ++j) {
            wmma::store_matrix_sync(scratch, acc[i][j], 16, wmma::mem_row_major);
            __syncwarp();
            for (int e = lane; e < 256; e += 32) {
                int m = m0 + wm * WM + i * 16 + (e >> 4);
                int n = n0 + wn * WN + j * 16 + (e & 15);
                if (m < M && n < N) {
                    ep(m, n, scratch[e]);
                }
            }
            __syncwarp();
        }
    }
}

}  // namespace gemm
