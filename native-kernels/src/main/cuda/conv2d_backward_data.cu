// Backend.conv2dBackwardData: dx[n, c, h, w] = sum_{k, r, s} dy[n, k, p, q] w[k, c, r, s] over the (p, q)
// with h = p*sh - ph + r and w = q*sw - pw + s, as an implicit GEMM (gemm_core.cuh) with
//   M = C, N = N*H*W, reduction over K*R*S,
//   A[c, krs] = w[k, c, r, s], B[krs, nhw] = dy[n, k, (h + ph - r) / sh, (w + pw - s) / sw] where both
//   quotients are exact and inside dy, else 0.
// Every dx element is written once by one thread: no atomics, the same bits on every run.
#include "gemm_core.cuh"
#include "conv_geometry.cuh"

namespace conv2d_backward_data_entry {

struct WeightsByChannel {
    const float* w;
    int c;
    int rs;
    __device__ float operator()(int cc, i64 krs) const {
        int k = (int)(krs / rs);
        int t = (int)(krs - (i64)k * rs);
        return w[((i64)k * c + cc) * rs + t];
    }
};

struct OutputGradient {
    const float* dy;
    ConvGeometry g;
    __device__ float operator()(i64 krs, int nhw) const {
        int rs = g.r * g.s;
        int k = (int)(krs / rs);
        int t = (int)(krs - (i64)k * rs);
        int r = t / g.s;
        int s = t - r * g.s;
        int hw = g.h * g.w;
        int img = nhw / hw;
        int u = nhw - img * hw;
        int ih = u / g.w;
        int iw = u - ih * g.w;
        int ph = ih + g.ph - r;
        int pw = iw + g.pw - s;
        if (ph < 0 || pw < 0 || ph % g.sh != 0 || pw % g.sw != 0) {
            return 0.0f;
        }
        int p = ph / g.sh;
        int q = pw / g.sw;
        if (p >= g.p || q >= g.q) {
            return 0.0f;
        }
        return dy[(((i64)img * g.k + k) * g.p + p) * g.q + q];
    }
};

struct Store {
    float* dx;
    int c;
    int hw;
    __device__ void operator()(int cc, int nhw, float v) const {
        int img = nhw / hw;
        int u = nhw - img * hw;
        dx[((i64)img * c + cc) * hw + u] = v;
    }
};

template <int MODE>
__device__ void backward_data(const float* dy, const float* w, float* dx, ConvGeometry g) {
    WeightsByChannel la{w, g.c, g.r * g.s};
    OutputGradient lb{dy, g};
    Store ep{dx, g.c, g.h * g.w};
    gemm::gemm_block<MODE>(la, lb, ep, g.c, g.n * g.h * g.w, 0, (i64)g.k * g.r * g.s,
                           blockIdx.y * gemm::BM, blockIdx.x * gemm::BN, true, true);
}

}  // namespace conv2d_backward_data_entry

#define CONV2D_BWD_DATA_ENTRY(NAME, MODE)                                                                       \
    extern "C" __global__ void __launch_bounds__(gemm::THREADS) NAME(const float* dy, const float* w, float* dx, \
                                                                     ConvGeometry g) {                          \
        conv2d_backward_data_entry::backward_data<MODE>(dy, w, dx, g);                                          \
    }

CONV2D_BWD_DATA_ENTRY(conv2d_backward_data_fp32, gemm::MODE_FP32)
CONV2D_BWD_DATA_ENTRY(conv2d_backward_data_tf32, gemm::MODE_TF32)
CONV2D_BWD_DATA_ENTRY(conv2d_backward_data_bf16, gemm::MODE_BF16)
