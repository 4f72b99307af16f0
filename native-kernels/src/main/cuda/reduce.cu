// Backend.reduce: x reduced over a set of axes. The launcher splits x's dimensions into the kept ones
// (view `outer`, row-major over the output elements, which are contiguous in `out`) and the reduced ones
// (view `inner`, offset 0), so element r of output o is x[view_at(outer, o) + view_at(inner, r)].
// The op code is pagoda.tensor.ReduceOp's ordinal; VAR is two-pass (mean, then squared deviations) as in
// the twin, divided by (n - correction). Summation order is fixed: results are bit-identical across runs.
#include "common.cuh"

enum ReduceCode { R_SUM, R_MEAN, R_MAX, R_MIN, R_VAR };

__device__ __forceinline__ float reduce_init(int op) {
    return op == R_MAX ? -__int_as_float(0x7f800000) : (op == R_MIN ? __int_as_float(0x7f800000) : 0.0f);
}

__device__ __forceinline__ float reduce_step(int op, float acc, float v) {
    return op == R_MAX ? java_max(acc, v) : (op == R_MIN ? java_min(acc, v) : acc + v);
}

/** One block per output element (grid-stride over outputs); blockDim.x a power of two. */
extern "C" __global__ void reduce_block(const float* __restrict__ x, View outer, View inner, float* __restrict__ out,
                                        i64 outputs, i64 n, int op, float correction) {
    extern __shared__ float scratch[];
    for (i64 o = blockIdx.x; o < outputs; o += gridDim.x) {
        i64 base = view_at(outer, o);
        float acc = reduce_init(op);
        for (i64 r = threadIdx.x; r < n; r += blockDim.x) {
            acc = reduce_step(op, acc, x[base + view_at(inner, r)]);
        }
        float total;
        if (op == R_MAX) {
            total = block_reduce<MaxOp>(acc, scratch);
        } else if (op == R_MIN) {
            total = block_reduce<MinOp>(acc, scratch);
        } else {
            total = block_reduce<SumOp>(acc, scratch);
        }
        if (op == R_VAR) {
            float mean = total / (float)n;
            float sq = 0.0f;
            for (i64 r = threadIdx.x; r < n; r += blockDim.x) {
                float d = x[base + view_at(inner, r)] - mean;
                sq += d * d;
            }
            total = block_reduce<SumOp>(sq, scratch) / ((float)n - correction);
        } else if (op == R_MEAN) {
            total = total / (float)n;
        }
        if (threadIdx.x == 0) {
            out[o] = total;
        }
    }
}

/** One thread per output element: for many outputs each reducing few elements. */
extern "C" __global__ void reduce_thread(const float* __restrict__ x, View outer, View inner, float* __restrict__ out,
                                         i64 outputs, i64 n, int op, float correction) {
    for (i64 o = grid_first(); o < outputs; o += grid_step()) {
        i64 base = view_at(outer, o);
        float acc = reduce_init(op);
        for (i64 r = 0; r < n; ++r) {
            acc = reduce_step(op, acc, x[base + view_at(inner, r)]);
        }
        if (op == R_VAR) {
            float mean = acc / (float)n;
            float sq = 0.0f;
            for (i64 r = 0; r < n; ++r) {
                float d = x[base + view_at(inner, r)] - mean;
                sq += d * d;
            }
            acc = sq / ((float)n - correction);
        } else if (op == R_MEAN) {
            acc = acc / (float)n;
        }
        out[o] = acc;
    }
}
