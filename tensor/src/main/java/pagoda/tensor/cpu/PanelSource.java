package pagoda.tensor.cpu;

/**
 * One GEMM operand seen as rows of length K, packed into the layout the micro-kernel streams: panels of
 * {@code width} consecutive rows, each panel stored k-major ({@code dst[panel][k][width]}), the last panel
 * zero-padded. For A the rows are the M rows of A; for B they are the N columns of B. Implementations
 * read plain strided matrices ({@link StridedPanels}) or images (the implicit-GEMM convolution), so the
 * GEMM driver never materialises an im2col matrix.
 */
abstract class PanelSource {

    /**
     * Packs rows {@code [r0, r0 + rows)} and depth {@code [k0, k0 + kc)} of batch entry {@code batch} into
     * {@code dst[dstOff ..]}: {@code ceil(rows / width)} panels of {@code kc * width} floats.
     */
    abstract void pack(int batch, int r0, int rows, int k0, int kc, int width, float[] dst, int dstOff);

    /** True when every batch entry is the same matrix (stride-0 batch), so it is packed once. */
    abstract boolean sharedAcrossBatch();
}
