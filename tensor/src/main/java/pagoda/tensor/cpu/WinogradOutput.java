package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import pagoda.tensor.UnaryOp;

/**
 * The output transform of {@link WinogradConv}: {@code Y = A^T M A} for every tile of a block and one
 * output channel, with A^T = [1 1 1 0; 0 1 -1 -1] (Lavin and Gray 2016, section 4.1), plus the bias, then
 * the fused activation. Each output is {@code (m0 + m1) + m2} or {@code (m1 - m2) - m3} of such sums,
 * four roundings, and one more for the bias.
 *
 * <p>One vector holds a run of tiles ({@link TileRuns}); the two columns of each tile are interleaved
 * back into pixel order with two-vector permutes ({@code selectFrom}), one vector per half of the run and
 * output row, and stored with a mask where the run or the output ends.
 *
 * <p>The activation is a second pass over the block's pixels of a channel once they are written, span
 * by span ({@link TileRuns#spanStart}), through a scratch row and back, since {@link UnaryKernels#apply}
 * does not work in place; per run and row its calls were too short (16 pixels) and made a fused SiLU
 * convolution twice as slow as the plain one. It computes every element with the same lane arithmetic
 * wherever it sits, as the implicit-GEMM path's epilogue does.
 */
final class WinogradOutput {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = Simd.LANES;
    /** Pixel l of the low half's row: column l % 2 of tile l / 2. */
    private static final float[] ZIP_LO = zip(0);
    /** Pixel l of the high half's row: column l % 2 of tile L / 2 + l / 2. */
    private static final float[] ZIP_HI = zip(L / 2);

    private WinogradOutput() {
    }

    private static float[] zip(int tile0) {
        float[] idx = new float[L];
        for (int l = 0; l < L; l++) {
            idx[l] = tile0 + l / 2 + (l % 2) * L;
        }
        return idx;
    }

    /**
     * One output channel of the block's tiles: M's entry e for tile j of the block is
     * {@code m[mOff + e * entryStride + j]}; the channel's output plane starts at y[yOff], Q pixels a row.
     * {@code hasBias} adds {@code bias}.
     */
    static void transform(float[] m, int mOff, int entryStride, boolean hasBias, float bias, TileRuns runs,
                          float[] y, int yOff, int q) {
        final int es = entryStride;
        FloatVector zipLo = FloatVector.fromArray(F, ZIP_LO, 0);
        FloatVector zipHi = FloatVector.fromArray(F, ZIP_HI, 0);
        for (int i = 0; i < runs.size; i++) {
            int at = mOff + runs.first[i];
            // A^T M: rows 0 + 1 + 2 and 1 - 2 - 3 of the 4 x 4 entries, column by column
            FloatVector m0 = FloatVector.fromArray(F, m, at);
            FloatVector m4 = FloatVector.fromArray(F, m, at + 4 * es);
            FloatVector m8 = FloatVector.fromArray(F, m, at + 8 * es);
            FloatVector m12 = FloatVector.fromArray(F, m, at + 12 * es);
            FloatVector z00 = m0.add(m4).add(m8);
            FloatVector z10 = m4.sub(m8).sub(m12);
            m0 = FloatVector.fromArray(F, m, at + es);
            m4 = FloatVector.fromArray(F, m, at + 5 * es);
            m8 = FloatVector.fromArray(F, m, at + 9 * es);
            m12 = FloatVector.fromArray(F, m, at + 13 * es);
            FloatVector z01 = m0.add(m4).add(m8);
            FloatVector z11 = m4.sub(m8).sub(m12);
            m0 = FloatVector.fromArray(F, m, at + 2 * es);
            m4 = FloatVector.fromArray(F, m, at + 6 * es);
            m8 = FloatVector.fromArray(F, m, at + 10 * es);
            m12 = FloatVector.fromArray(F, m, at + 14 * es);
            FloatVector z02 = m0.add(m4).add(m8);
            FloatVector z12 = m4.sub(m8).sub(m12);
            m0 = FloatVector.fromArray(F, m, at + 3 * es);
            m4 = FloatVector.fromArray(F, m, at + 7 * es);
            m8 = FloatVector.fromArray(F, m, at + 11 * es);
            m12 = FloatVector.fromArray(F, m, at + 15 * es);
            FloatVector z03 = m0.add(m4).add(m8);
            FloatVector z13 = m4.sub(m8).sub(m12);
            // (A^T M) A: columns 0 + 1 + 2 and 1 - 2 - 3
            FloatVector y00 = z00.add(z01).add(z02);
            FloatVector y01 = z01.sub(z02).sub(z03);
            FloatVector y10 = z10.add(z11).add(z12);
            FloatVector y11 = z11.sub(z12).sub(z13);
            if (hasBias) {
                y00 = y00.add(bias);
                y01 = y01.add(bias);
                y10 = y10.add(bias);
                y11 = y11.add(bias);
            }
            FloatVector top0 = zipLo.selectFrom(y00, y01);
            FloatVector top1 = zipHi.selectFrom(y00, y01);
            FloatVector bottom0 = zipLo.selectFrom(y10, y11);
            FloatVector bottom1 = zipHi.selectFrom(y10, y11);
            int lo = yOff + runs.out[i];
            int hi = lo + runs.outHi[i];
            int colsLo = runs.colsLo[i];
            int colsHi = runs.colsHi[i];
            boolean secondLo = runs.rowsLo[i] == 2;
            boolean secondHi = runs.rowsHi[i] == 2;
            VectorMask<Float> left = VectorMask.fromLong(F, WindowRows.lanes(0, colsLo));
            top0.intoArray(y, lo, left);
            if (secondLo) {
                bottom0.intoArray(y, lo + q, left);
            }
            if (colsHi > 0) {
                VectorMask<Float> right = VectorMask.fromLong(F, WindowRows.lanes(0, colsHi));
                top1.intoArray(y, hi, right);
                if (secondHi) {
                    bottom1.intoArray(y, hi + q, right);
                }
            }
        }
    }

    /**
     * {@code y = act(y)} with parameter actP0 over the block's pixels of the channel plane at y[yOff]:
     * through {@code row} (at least 4 x the block's tiles long) and back, span by span.
     */
    static void activate(UnaryOp act, float actP0, TileRuns runs, float[] y, int yOff, float[] row, float[] pad) {
        for (int i = 0; i < runs.spans; i++) {
            int at = yOff + runs.spanStart[i];
            int n = runs.spanLength[i];
            UnaryKernels.apply(act, actP0, 0f, y, at, row, 0, n, pad);
            System.arraycopy(row, 0, y, at, n);
        }
    }
}
