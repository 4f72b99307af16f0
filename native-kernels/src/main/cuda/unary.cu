// Backend.unary: out = op(x; p0, p1), x and out contiguous. The op code is pagoda.tensor.UnaryOp's ordinal;
// it is uniform across the grid, so the switch costs no divergence.
#include "activation.cuh"

extern "C" __global__ void unary_f32(const float* __restrict__ x, float* __restrict__ out, i64 n, int op, float p0, float p1) {
    for (i64 i = grid_first(); i < n; i += grid_step()) {
        out[i] = apply_unary(op, x[i], p0, p1);
    }
}
