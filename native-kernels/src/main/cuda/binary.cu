// Backend.binary: out = op(a, b; p0, p1), a and b strided views already broadcast to out's shape (stride 0
// where stretched), out contiguous. The op code is pagoda.tensor.BinaryOp's ordinal.
#include "activation.cuh"

extern "C" __global__ void binary_strided(const float* __restrict__ a, View av, const float* __restrict__ b, View bv,
                                          float* __restrict__ out, i64 n, int op, float p0, float p1) {
    for (i64 i = grid_first(); i < n; i += grid_step()) {
        out[i] = apply_binary(op, a[view_at(av, i)], b[view_at(bv, i)], p0, p1);
    }
}

/** Both operands contiguous at out's shape: no index arithmetic. */
extern "C" __global__ void binary_contiguous(const float* __restrict__ a, const float* __restrict__ b,
                                             float* __restrict__ out, i64 n, int op, float p0, float p1) {
    for (i64 i = grid_first(); i < n; i += grid_step()) {
        out[i] = apply_binary(op, a[i], b[i], p0, p1);
    }
}
