package pagoda.tensor;

/**
 * Element-wise functions of two tensors, broadcast to a common shape. The {@code *_BACKWARD} ops are the
 * fused gradient kernels of the activations: {@code a} is the forward input (or output, for TANH) and
 * {@code b} the incoming gradient. Comparisons return 1 or 0. Scalar parameters as for {@link UnaryOp}.
 */
public enum BinaryOp {
    ADD,
    SUB,
    MUL,
    DIV,
    /** a ^ b */
    POW,
    MAXIMUM,
    MINIMUM,
    /** a > b ? 1 : 0 */
    GT,
    /** a == b ? 1 : 0 */
    EQ,
    /** b * (a > 0) */
    RELU_BACKWARD,
    /** b * (a > 0 ? 1 : p0) */
    LEAKY_RELU_BACKWARD,
    /** b * silu'(a) */
    SILU_BACKWARD,
    /** b * (1 - a^2), with a = tanh(x) the forward output */
    TANH_BACKWARD,
    /** b * (p0 <= a <= p1), the gradient of clamp */
    CLAMP_BACKWARD,
    /** b * sign(a), the gradient of abs */
    ABS_BACKWARD
}
