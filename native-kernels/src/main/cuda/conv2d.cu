// Backend.conv2d: out = act(conv(x, w) + bias) as an implicit GEMM (gemm_core.cuh) with
//   M = K (output channels), N = N*P*Q (output pixels), reduction over C*R*S,
//   A[k, crs] = w (row-major, contiguous), B[crs, npq] = x[n, c, p*sh - ph + r, q*sw - pw + s] (0 in the padding),
// gathered from the image as the tile is fetched, never materialised. The epilogue adds bias[k] and
// applies the activation (a pagoda.tensor.UnaryOp ordinal, or -1 for none) before the single store.
#include "gemm_core.cuh"
#include "activation.cuh"
#include "conv_geometry.cuh"

namespace conv2d_entry {

struct Weights {
    const float* w;
    int crs;
    __device__ float operator()(int k, i64 crsIndex) const { return w[(i64)k * crs + crsIndex]; }
};

struct Image {
    const float* x;
    ConvGeometry g;
    __device__ float operator()(i64 crsIndex, int npq) const {
        int rs = g.r * g.s;
        int c = (int)(crsIndex / rs);
        int t = (int)(crsIndex - (i64)c * rs);
        int r = t / g.s;
        int s = t - r * g.s;
        int pq = g.p * g.q;
        int img = npq / pq;
        int u = npq - img * pq;
        int p = u / g.q;
        int q = u - p * g.q;
        int ih = p * g.sh - g.ph + r;
        int iw = q * g.sw - g.pw + s;
        if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) {
            return 0.0f;
        }
        return x[(((i64)img * g.c + c) * g.h + ih) * g.w + iw];
    }
};

struct BiasActivation {
    float* y;
    const float* bias;
    int k;
    int pq;
    int act;
    float actP0;
    __device__ void operator()(int kk, int npq, float v) const {
        if (bias != nullptr) {
            v += bias[kk];
        }
        if (act >= 0) {
            v = apply_unary(act, v, actP0, 0.0f);
        }
        int img = npq / pq;
        int u = npq - img * pq;
        y[((i64)img * k + kk) * pq + u] = v;
    }
};

template <int MODE>
__device__ void forward(const float* x, const float* w, const float* bias, float* y, ConvGeometry g, int act, float actP0) {
    Weights la{w, g.c * g.r * g.s};
    Image lb{x, g};
    BiasActivation ep{y, bias, g.k, g.p * g.q, act, actP0};
    gemm::gemm_block<MODE>(la, lb, ep, g.k, g.n * g.p * g.q, 0, (i64)g.c * g.r * g.s,
                           blockIdx.y * gemm::BM, blockIdx.x * gemm::BN, true, true);
}

}  // namespace conv2d_entry

#define CONV2D_ENTRY(NAME, MODE)                                                                                 \
    extern "C" __global__ void __launch_bounds__(gemm::THREADS) NAME(                                            \
        const float* x, const float* w, const float* bias, float* y, ConvGeometry g, int act, float actP0) {     \
        conv2d_entry::forward<MODE>(x, w, bias, y, g, act, actP0);                                               \
    }

CONV2D_ENTRY(conv2d_fp32, gemm::MODE_FP32)
CONV2D_ENTRY(conv2d_tf32, gemm::MODE_TF32)
CONV2D_ENTRY(conv2d_bf16, gemm::MODE_BF16)
