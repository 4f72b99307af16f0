// Backend.conv2dBackwardWeight: dw[k, c, r, s] = sum_{n, p, q} dy[n, k, p, q] x[n, c, p*sh - ph + r, q*sw - pw + s]
// as an implicit GEMM (gemm_core.cuh) with
//   M = K, N = C*R*S, reduction over N*P*Q (long: every pixel of the batch),
//   A[k, npq] = dy[n, k, p, q], B[npq, crs] = x[n, c, p*sh - ph + r, q*sw - pw + s] (0 in the padding).
// The output is small and the reduction long, so the reduction is split over gridDim.z slices: slice z
// writes its partial tile to partial[z], and conv2d_backward_weight_sum adds the slices in order z = 0, 1, ...
// Deterministic: no atomics, the same bits on every run.
#include "gemm_core.cuh"
#include "conv_geometry.cuh"

namespace conv2d_backward_weight_entry {

struct OutputGradient {
    const float* dy;
    int k;
    int pq;
    __device__ float operator()(int kk, i64 npq) const {
        i64 img = npq / pq;
        i64 u = npq - img * pq;
        return dy[(img * k + kk) * pq + u];
    }
};

struct Image {
    const float* x;
    ConvGeometry g;
    __device__ float operator()(i64 npq, int crs) const {
        int pq = g.p * g.q;
        i64 img = npq / pq;
        int u = (int)(npq - img * pq);
        int p = u / g.q;
        int q = u - p * g.q;
        int rs = g.r * g.s;
        int c = crs / rs;
        int t = crs - c * rs;
        int r = t / g.s;
        int s = t - r * g.s;
        int ih = p * g.sh - g.ph + r;
        int iw = q * g.sw - g.pw + s;
        if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) {
            return 0.0f;
        }
        return x[((img * g.c + c) * g.h + ih) * g.w + iw];
    }
};

struct Partial {
    float* out;
    int n;
    __device__ void operator()(int m, int col, float v) const { out[(i64)m * n + col] = v; }
};

template <int MODE>
__device__ void backward_weight(const float* dy, const float* x, float* partial, ConvGeometry g, i64 sliceLength) {
    int crs = g.c * g.r * g.s;
    i64 total = (i64)g.n * g.p * g.q;
    i64 begin = (i64)blockIdx.z * sliceLength;
    i64 end = min(total, begin + sliceLength);
    OutputGradient la{dy, g.k, g.p * g.q};
    Image lb{x, g};
    Partial ep{partial + (i64)blockIdx.z * g.k * crs, crs};
    gemm::gemm_block<MODE>(la, lb, ep, g.k, crs, begin, end, blockIdx.y * gemm::BM, blockIdx.x * gemm::BN, true, false);
}

}  // namespace conv2d_backward_weight_entry

#define CONV2D_BWD_WEIGHT_ENTRY(NAME, MODE)                                                                     \
    extern "C" __global__ void __launch_bounds__(gemm::THREADS) NAME(const float* dy, const float* x,           \
                                                                     float* partial, ConvGeometry g,            \
                                                                     i64 sliceLength) {                         \
        conv2d_backward_weight_entry::backward_weight<MODE>(dy, x, partial, g, sliceLength);                    \
    }

CONV2D_BWD_WEIGHT_ENTRY(conv2d_backward_weight_fp32, gemm::MODE_FP32)
CONV2D_BWD_WEIGHT_ENTRY(conv2d_backward_weight_tf32, gemm::MODE_TF32)
CONV2D_BWD_WEIGHT_ENTRY(conv2d_backward_weight_bf16, gemm::MODE_BF16)

/** dw[i] = sum over z of partial[z][i], in order of z; n elements, slices partial tiles. */
extern "C" __global__ void conv2d_backward_weight_sum(const float* __restrict__ partial, float* __restrict__ dw, i64 n,
                                                      int slices) {
    for (i64 i = grid_first(); i < n; i += grid_step()) {
        float s = 0.0f;
        for (int z = 0; z < slices; ++z) {
            s += partial[(i64)z * n + i];
        }
        dw[i] = s;
    }
}
