// The element-wise functions of pagoda.tensor.UnaryOp and BinaryOp, numbered by their enum ordinals.
// Shared by unary.cu, binary.cu and the fused epilogue of conv2d.cu. Full-precision library calls
// (expf, logf, tanhf, powf: at most 2-4 ulps), IEEE division and square root; NaN propagates as in
// java.lang.Math, which the float64 twin uses.
#pragma once
#include "common.cuh"

enum UnaryCode {
    U_NEG, U_EXP, U_LOG, U_SQRT, U_RSQRT, U_SQUARE, U_ABS, U_SIGN, U_TANH, U_SIGMOID, U_RELU, U_LEAKY_RELU,
    U_SILU, U_SILU_GRAD, U_CLAMP, U_POW, U_AFFINE, U_RECIPROCAL
};

enum BinaryCode {
    B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_GT, B_EQ, B_RELU_BACKWARD, B_LEAKY_RELU_BACKWARD,
    B_SILU_BACKWARD, B_TANH_BACKWARD, B_CLAMP_BACKWARD, B_ABS_BACKWARD
};

__device__ __forceinline__ float sigmoid(float x) {
    return 1.0f / (1.0f + expf(-x));
}

/** d/dx x s(x) = s (1 + x (1 - s)), s the sigmoid. */
__device__ __forceinline__ float silu_grad(float x) {
    float s = sigmoid(x);
    return s * (1.0f + x * (1.0f - s));
}

/** Math.signum: -1, 1, the zero itself, or NaN. */
__device__ __forceinline__ float java_signum(float x) {
    return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x);
}

__device__ __forceinline__ float apply_unary(int op, float x, float p0, float p1) {
    switch (op) {
        case U_NEG: return -x;
        case U_EXP: return expf(x);
        case U_LOG: return logf(x);
        case U_SQRT: return sqrtf(x);
        case U_RSQRT: return 1.0f / sqrtf(x);
        case U_SQUARE: return x * x;
        case U_ABS: return fabsf(x);
        case U_SIGN: return java_signum(x);
        case U_TANH: return tanhf(x);
        case U_SIGMOID: return sigmoid(x);
        case U_RELU: return java_max(x, 0.0f);
        case U_LEAKY_RELU: return x > 0.0f ? x : p0 * x;
        case U_SILU: return x * sigmoid(x);
        case U_SILU_GRAD: return silu_grad(x);
        case U_CLAMP: return java_min(java_max(x, p0), p1);
        case U_POW: return powf(x, p0);
        case U_AFFINE: return p0 * x + p1;
        case U_RECIPROCAL: return 1.0f / x;
        default: return __int_as_float(0x7fc00000);
    }
}

__device__ __forceinline__ float apply_binary(int op, float a, float b, float p0, float p1) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_POW: return powf(a, b);
        case B_MAXIMUM: return java_max(a, b);
        case B_MINIMUM: return java_min(a, b);
        case B_GT: return a > b ? 1.0f : 0.0f;
        case B_EQ: return a == b ? 1.0f : 0.0f;
        case B_RELU_BACKWARD: return b * (a > 0.0f ? 1.0f : 0.0f);
        case B_LEAKY_RELU_BACKWARD: return b * (a > 0.0f ? 1.0f : p0);
        case B_SILU_BACKWARD: return b * silu_grad(a);
        case B_TANH_BACKWARD: return b * (1.0f - a * a);
        case B_CLAMP_BACKWARD: return b * ((p0 <= a && a <= p1) ? 1.0f : 0.0f);
        case B_ABS_BACKWARD: return b * java_signum(a);
        default: return __int_as_float(0x7fc00000);
    }
}
