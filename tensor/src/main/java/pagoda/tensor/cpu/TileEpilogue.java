package pagoda.tensor.cpu;

/**
 * Work a GEMM task applies to its finished block of C while the block is still in cache: the bias and
 * activation of a convolution, for instance. Called once per block, never per element.
 */
abstract class TileEpilogue {

    /** Block rows {@code [r0, r0 + rows)}, columns {@code [c0, c0 + cols)} of batch entry {@code batch}, at {@code c[off]} with row stride ldc. */
    abstract void apply(int batch, int r0, int rows, int c0, int cols, float[] c, int off, int ldc);
}
