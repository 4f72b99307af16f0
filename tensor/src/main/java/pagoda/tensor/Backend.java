package pagoda.tensor;

/**
 * The service a compute backend provides: memory, explicit host transfers, and the op set.
 *
 * <p>Callers are the op front ends ({@link Ops}, {@link NnOps}), which validate shapes, allocate outputs
 * and make inputs contiguous where a method says so. A backend may therefore assume the documented
 * preconditions; it checks nothing twice. Unless a method says otherwise:
 * <ul>
 *   <li>every tensor argument lives on this backend;</li>
 *   <li>outputs are contiguous, freshly allocated, and never alias an input;</li>
 *   <li>inputs are contiguous; "strided" inputs may be any view, including stride 0 (broadcast);</li>
 *   <li>shapes are NCHW where images are concerned.</li>
 * </ul>
 * Every op is deterministic: the same inputs give bit-identical outputs on every run and at every thread
 * count.
 */
public interface Backend extends AutoCloseable {

    /** Short name for logs and test names ("cpu", "reference", "cuda:0"). */
    String name();

    // ---- memory and transfers ------------------------------------------------------------------

    /** A zero-filled buffer of {@code numel} elements. */
    Storage allocate(long numel);

    /** Host to backend: {@code length} floats from {@code src[srcOffset..]} into {@code dst} at {@code dstOffset}. */
    void upload(float[] src, int srcOffset, Storage dst, long dstOffset, int length);

    /** As {@link #upload(float[], int, Storage, long, int)}; a float32 backend rounds each value to float. */
    void uploadDoubles(double[] src, int srcOffset, Storage dst, long dstOffset, int length);

    /** Backend to host. */
    void download(Storage src, long srcOffset, float[] dst, int dstOffset, int length);

    /** Backend to host, widening to double (exact for float32 backends). */
    void downloadDoubles(Storage src, long srcOffset, double[] dst, int dstOffset, int length);

    /** {@code dst = src}; both strided, same shape; {@code dst} has no overlapping elements. */
    void copy(Tensor src, Tensor dst);

    /** Sets every element of the (strided, non-overlapping) view {@code dst} to {@code value}. */
    void fill(Tensor dst, float value);

    // ---- element-wise ---------------------------------------------------------------------------

    /** {@code out = op(x; p0, p1)}. */
    void unary(UnaryOp op, Tensor x, float p0, float p1, Tensor out);

    /** {@code out = op(a, b; p0, p1)}; {@code a} and {@code b} are strided views already broadcast to out's shape. */
    void binary(BinaryOp op, Tensor a, Tensor b, float p0, float p1, Tensor out);

    // ---- reductions -----------------------------------------------------------------------------

    /**
     * Reduces {@code x} over {@code axes} (sorted, distinct); {@code out} has x's rank with the reduced
     * dimensions set to 1. {@code p0} is the correction of {@link ReduceOp#VAR}.
     */
    void reduce(ReduceOp op, Tensor x, int[] axes, float p0, Tensor out);

    // ---- linear algebra -------------------------------------------------------------------------

    /**
     * Batched GEMM, {@code c[i] = alpha * a[i] @ b[i] + beta * c[i]}: a [B, M, K] and b [B, K, N] strided
     * (transposes and a stride-0 batch are views), c [B, M, N] contiguous and initialised by the caller
     * when {@code beta != 0}. With {@code beta == 0} the old contents of c are ignored, NaN included.
     */
    void matmul(Tensor a, Tensor b, float alpha, float beta, Tensor c);

    // ---- convolution ----------------------------------------------------------------------------

    /**
     * 2-D cross-correlation with a fused epilogue: {@code out = act(conv(x, w) + bias)}.
     * x [N, C, H, W], w [K, C, R, S], bias [K] or null, out [N, K, P, Q]; {@code act} null for none,
     * else any unary op, applied with parameters {@code actP0}, 0.
     */
    void conv2d(Tensor x, Tensor w, Tensor bias, Conv2dSpec spec, UnaryOp act, float actP0, Tensor out);

    /** Gradient of conv2d with respect to its input: dy [N, K, P, Q], w [K, C, R, S], dx [N, C, H, W]. */
    void conv2dBackwardData(Tensor dy, Tensor w, Conv2dSpec spec, Tensor dx);

    /** Gradient of conv2d with respect to its weight, summed over the batch: dy [N, K, P, Q], x [N, C, H, W], dw [K, C, R, S]. */
    void conv2dBackwardWeight(Tensor dy, Tensor x, Conv2dSpec spec, Tensor dw);

    // ---- EDM resampling (NVlabs/edm training/networks.py, Conv2d with resample_filter) -----------

    /**
     * Depthwise stride-2 convolution with one k x k filter for every channel:
     * {@code out[n,c,i,j] = gain * sum_{u,v} filter[u*k+v] * x[n,c,2i-pad+u,2j-pad+v]} (zero outside).
     * x [N, C, H, W], out [N, C, (H + 2 pad - k) / 2 + 1, same for W]. EDM's down-sampling is gain 1.
     */
    void firDown(Tensor x, float[] filter, int k, int pad, float gain, Tensor out);

    /**
     * The adjoint of {@link #firDown}: depthwise stride-2 transposed convolution,
     * {@code out[n,c,2i-pad+u,2j-pad+v] += gain * filter[u*k+v] * x[n,c,i,j]} for the positions inside out.
     * out's shape is given (its size is not implied by x's when firDown dropped a row). EDM's
     * up-sampling is gain 4 with out [N, C, 2H - 2 pad + k - 2, ...].
     */
    void firUp(Tensor x, float[] filter, int k, int pad, float gain, Tensor out);

    // ---- normalisation and attention ------------------------------------------------------------

    /**
     * Group normalisation over x [N, C, *] with G groups: per (n, g), mean and biased variance over its
     * C/G channels and all positions; {@code out = (x - mean) * rstd * gamma[c] + beta[c]}, rstd =
     * 1/sqrt(var + eps). gamma, beta [C] or null (scale 1, shift 0). Saves mean and rstd, both [N, G].
     */
    void groupNorm(Tensor x, Tensor gamma, Tensor beta, int groups, float eps, Tensor out, Tensor mean, Tensor rstd);

    /** Gradients of group norm; dgamma and dbeta [C] may be null (not wanted). */
    void groupNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, int groups,
                           Tensor dx, Tensor dgamma, Tensor dbeta);

    /**
     * Batch normalisation (Ioffe and Szegedy 2015, eq. in Alg. 1) with the batch's statistics over x
     * [N, C, *]: per channel c, the mean and the biased variance over all N samples and positions;
     * {@code out = (x - mean) * rstd * gamma[c] + beta[c]}, rstd = 1/sqrt(var + eps), as
     * {@code torch.nn.functional.batch_norm} in training mode. gamma, beta [C] or null (scale 1, shift 0).
     * Saves mean and rstd, both [C].
     */
    void batchNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd);

    /**
     * Gradients of {@link #batchNorm} given its saved statistics: with g = gamma[c] dy and the means over a
     * channel's N * positions elements, {@code dx = rstd (g - mean(g) - xhat mean(g xhat))}; dgamma and dbeta
     * [C] may be null (not wanted).
     */
    void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                           Tensor dx, Tensor dgamma, Tensor dbeta);

    /** Softmax along the last axis. */
    void softmax(Tensor x, Tensor out);

    /** {@code dx = y * (dy - sum(dy * y))} along the last axis, y the softmax output. */
    void softmaxBackward(Tensor y, Tensor dy, Tensor dx);

    /**
     * EDM's attention over channels-first heads: q [B, C, Lq], k and v [B, C, Lk];
     * {@code w = softmax_k(q^T k / sqrt(C))} saved as weights [B, Lq, Lk]; {@code out[b,c,i] = sum_j w[b,i,j] v[b,c,j]}, out [B, C, Lq].
     */
    void attention(Tensor q, Tensor k, Tensor v, Tensor out, Tensor weights);

    /** Gradients of {@link #attention} given the saved weights and dout [B, C, Lq]. */
    void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor weights, Tensor dout, Tensor dq, Tensor dk, Tensor dv);

    // ---- images ----------------------------------------------------------------------------------

    /** Separable resize of x [N, C, H, W] to out [N, C, H', W'] with {@link ResizeFilter} semantics. */
    void resize(Tensor x, ResizeFilter filter, boolean antialias, Tensor out);

    /** The adjoint of {@link #resize} (its gradient): dy [N, C, H', W'] to dx [N, C, H, W]. */
    void resizeBackward(Tensor dy, ResizeFilter filter, boolean antialias, Tensor dx);

    /**
     * Per-sample integer translation with zero fill (DiffAugment's translation):
     * {@code out[n,c,i,j] = x[n,c,i - shiftH[n], j - shiftW[n]]} where that index lies inside the image,
     * else 0. x and out [N, C, H, W]; shiftH and shiftW hold N values of any sign. Its adjoint (and
     * gradient) is the translation by the negated shifts.
     */
    void translate(Tensor x, int[] shiftH, int[] shiftW, Tensor out);

    // ---- random numbers --------------------------------------------------------------------------

    /**
     * Fills out with draws of the Philox4x32-10 stream {@link pagoda.tensor.random.Philox}: element i of
     * out (row-major) takes draw {@code offset + i}: uniform in [p0, p1), or normal with mean p0 and
     * standard deviation p1. The values depend only on (seed, offset + i), never on the thread count.
     */
    void random(Tensor out, boolean normal, long seed, long offset, float p0, float p1);

    /**
     * Waits until the work issued so far has finished. Ops of an asynchronous backend (CUDA) return once
     * queued; their results are complete for every later op and for downloads, so only timing code needs
     * this, before it reads a clock. Synchronous backends have nothing to wait for.
     */
    default void synchronize() {
    }

    /** Releases pools and device resources; tensors of this backend must not be used afterwards. */
    @Override
    void close();
}
