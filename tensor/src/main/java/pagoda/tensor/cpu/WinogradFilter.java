package pagoda.tensor.cpu;

/**
 * The filter transform of {@link WinogradConv}: {@code U = G g G^T} for every 3 x 3 kernel g of
 * w [K, C, 3, 3], with G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1] (Lavin and Gray 2016, section 4.1),
 * written straight into the GEMM's packed A layout: element e = 4i + j of U is entry e's A [K, C], stored
 * as {@link GemmKernel#MR}-row panels, depth-major ({@code u[e * entryStride + panel * MR * C + c * MR + row]}),
 * rows past K zero. Each product is {@code t = g0 + g2; (t + g1) / 2, (t - g1) / 2}, two roundings (the
 * halving is exact), so an element of U carries at most four. Scalar: it touches K C kernels once per
 * call, against K C times the tile count for the GEMMs.
 */
final class WinogradFilter {
    private WinogradFilter() {
    }

    /** Panel {@code panel} (kernels of rows [panel MR, panel MR + MR)) of every entry, from w[K, C, 3, 3] at wOff. */
    static void transform(float[] w, int wOff, int k, int c, int panel, float[] u, int entryStride) {
        final int mr = GemmKernel.MR;
        int base = panel * mr * c;
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < mr; r++) {
                int row = panel * mr + r;
                int at = base + ch * mr + r;
                if (row >= k) {
                    for (int e = 0; e < 16; e++) {
                        u[e * entryStride + at] = 0f;
                    }
                    continue;
                }
                int g = wOff + (row * c + ch) * 9;
                // G g: four rows of three, one column at a time
                float a00 = w[g];
                float t = w[g] + w[g + 6];
                float a10 = (t + w[g + 3]) * 0.5f;
                float a20 = (t - w[g + 3]) * 0.5f;
                float a30 = w[g + 6];
                float a01 = w[g + 1];
                t = w[g + 1] + w[g + 7];
                float a11 = (t + w[g + 4]) * 0.5f;
                float a21 = (t - w[g + 4]) * 0.5f;
                float a31 = w[g + 7];
                float a02 = w[g + 2];
                t = w[g + 2] + w[g + 8];
                float a12 = (t + w[g + 5]) * 0.5f;
                float a22 = (t - w[g + 5]) * 0.5f;
                float a32 = w[g + 8];
                // (G g) G^T: each row of G g becomes a row of U
                row(a00, a01, a02, u, at, entryStride);
                row(a10, a11, a12, u, at + 4 * entryStride, entryStride);
                row(a20, a21, a22, u, at + 8 * entryStride, entryStride);
                row(a30, a31, a32, u, at + 12 * entryStride, entryStride);
            }
        }
    }

    /** One row (b0, b1, b2) of G g times G^T: the four entries 4i .. 4i + 3 of U, {@code stride} apart. */
    private static void row(float b0, float b1, float b2, float[] u, int at, int stride) {
        float t = b0 + b2;
        u[at] = b0;
        u[at + stride] = (t + b1) * 0.5f;
        u[at + 2 * stride] = (t - b1) * 0.5f;
        u[at + 3 * stride] = b2;
    }
}
