package pagoda.tensor;

/**
 * Element-wise functions of one tensor. Two scalar parameters {@code p0, p1} travel with every call; the
 * table says which ops read them.
 */
public enum UnaryOp {
    /** -x */
    NEG,
    EXP,
    /** natural logarithm */
    LOG,
    SQRT,
    /** 1 / sqrt(x) */
    RSQRT,
    SQUARE,
    ABS,
    /** sign(x) in {-1, 0, 1} */
    SIGN,
    TANH,
    /** 1 / (1 + exp(-x)) */
    SIGMOID,
    RELU,
    /** x if x > 0 else p0 * x */
    LEAKY_RELU,
    /** x * sigmoid(x) */
    SILU,
    /** d silu / dx = sigmoid(x) * (1 + x * (1 - sigmoid(x))) */
    SILU_GRAD,
    /** min(max(x, p0), p1) */
    CLAMP,
    /** x ^ p0 */
    POW,
    /** p0 * x + p1 */
    AFFINE,
    /** 1 / x */
    RECIPROCAL
}
