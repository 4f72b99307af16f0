// Backend.matmul: c[i] = alpha * a[i] @ b[i] + beta * c[i], a [B, M, K] and b [B, K, N] strided (transposes
// and a stride-0 batch are views), c [B, M, N] contiguous; with beta == 0 the old c is never read (NaN
// included). One kernel per mode of gemm_core.cuh; grid (N / 128, M / 128, batches from zBase).
#include "gemm_core.cuh"

namespace gemm_entry {

struct Operand {
    const float* p;
    i64 s0;
    i64 s1;
    __device__ float operator()(i64 r, i64 c) const { return p[r * s0 + c * s1]; }
};

struct Scale {
    float* c;
    int n;
    float alpha;
    float beta;
    __device__ void operator()(int m, int col, float v) const {
        float* at = c + (i64)m * n + col;
        *at = beta == 0.0f ? alpha * v : alpha * v + beta * *at;
    }
};

template <int MODE>
__device__ void gemm_batched(const float* a, i64 saB, i64 saM, i64 saK, const float* b, i64 sbB, i64 sbK, i64 sbN,
                             float* c, int M, int N, int K, float alpha, float beta, int zBase) {
    i64 batch = zBase + (i64)blockIdx.z;
    Operand la{a + batch * saB, saM, saK};
    Operand lb{b + batch * sbB, sbK, sbN};
    Scale ep{c + batch * M * N, N, alpha, beta};
    gemm::gemm_block<MODE>(la, lb, ep, M, N, 0, K, blockIdx.y * gemm::BM, blockIdx.x * gemm::BN, saK == 1, sbN == 1);
}

}  // namespace gemm_entry

#define GEMM_ENTRY(NAME, MODE)                                                                                   \
    extern "C" __global__ void __launch_bounds__(gemm::THREADS) NAME(                                            \
        const float* a, i64 saB, i64 saM, i64 saK, const float* b, i64 sbB, i64 sbK, i64 sbN, float* c, int M,   \
        int N, int K, float alpha, float beta, int zBase) {                                                      \
        gemm_entry::gemm_batched<MODE>(a, saB, saM, saK, b, sbB, sbK, sbN, c, M, N, K, alpha, beta, zBase);                  \
    }

GEMM_ENTRY(gemm_fp32, gemm::MODE_FP32)
GEMM_ENTRY(gemm_tf32, gemm::MODE_TF32)
GEMM_ENTRY(gemm_bf16, gemm::MODE_BF16)
