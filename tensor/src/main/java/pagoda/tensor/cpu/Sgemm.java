package pagoda.tensor.cpu;

/** Temporary naive GEMM (correct, slow): replaced by the packed Vector-API kernel. */
public final class Sgemm {
    private Sgemm() {
    }

    /**
     * {@code C[b] = alpha * A[b] @ B[b] + beta * C[b]} for b in [0, batch): A is m x k with element
     * strides (aRow, aCol), B is k x n with (bRow, bCol), C is m x n with row stride ldc and column stride 1;
     * aBatch, bBatch, cBatch step between batch entries (0 broadcasts). With beta == 0, C is not read.
     */
    public static void gemm(WorkPool pool, int batch, int m, int n, int k, float alpha,
                            float[] a, long aOff, long aBatch, long aRow, long aCol,
                            float[] b, long bOff, long bBatch, long bRow, long bCol,
                            float beta, float[] c, long cOff, long cBatch, long ldc) {
        for (int bi = 0; bi < batch; bi++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[(int) (aOff + bi * aBatch + i * aRow + p * aCol)] * b[(int) (bOff + bi * bBatch + p * bRow + j * bCol)];
                    }
                    int ci = (int) (cOff + bi * cBatch + i * ldc + j);
                    c[ci] = beta == 0 ? alpha * s : alpha * s + beta * c[ci];
                }
            }
        }
    }
}
