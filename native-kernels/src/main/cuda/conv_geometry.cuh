// The geometry of a 2-D cross-correlation (PyTorch's conv2d: dilation 1, one group) shared by the three
// implicit-GEMM convolutions: x [N, C, H, W], w [K, C, R, S], y [N, K, P, Q], input row p*sh - ph + r.
#pragma once
#include "common.cuh"

struct ConvGeometry {
    int n, c, h, w;
    int k, r, s;
    int p, q;
    int sh, sw, ph, pw;
};
