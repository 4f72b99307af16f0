package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled SGEMM micro-kernel: an {@link #MR} x {@link #NR} tile of C (6 rows by four vectors)
 * accumulated as outer products of a packed A column (6 broadcasts) and a packed B row (4 loads) per depth
 * step. 24 accumulators + 4 B vectors + 1 broadcast fit the 32 vector registers of AVX-512 at every
 * width, and per step the 24 FMAs need only 10 loads, so the loop is bound by the FMA ports. The body is
 * unrolled by hand and keeps every vector in a local: a vector that escapes to an array or field costs
 * an order of magnitude.
 */
final class GemmKernel {
    static final VectorSpecies<Float> F = Simd.F;
    static final int L = Simd.LANES;
    /** Rows of the C tile. */
    static final int MR = 6;
    /** Columns of the C tile: four vectors. */
    static final int NR = 4 * L;

    private GemmKernel() {
    }

    /**
     * The MR x NR product of an A panel (kc x MR floats at aOff) and a B panel (kc x NR floats at bOff),
     * written row-major into {@code acc[0 .. MR * NR)}. The accumulators leave the registers only through
     * these stores: passing them to a helper that C2 declines to inline (the body is large enough to hit
     * its node-count cutoff) boxes every vector and ran at 9 GFLOP/s instead of 150 per core. The panel
     * indices are computed from the loop counter rather than stepped alongside it, which lets C2 hoist
     * the bounds checks out of the loop: 190 instead of 165 GFLOP/s per core in L1 (peak 222).
     */
    static void tile(float[] a, int aOff, float[] b, int bOff, int kc, float[] acc) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c13 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c22 = c00;
        FloatVector c23 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c32 = c00;
        FloatVector c33 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c42 = c00;
        FloatVector c43 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c52 = c00;
        FloatVector c53 = c00;
        for (int p = 0; p < kc; p++) {
            int ia = aOff + p * MR;
            int ib = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, b, ib);
            FloatVector b1 = FloatVector.fromArray(F, b, ib + L);
            FloatVector b2 = FloatVector.fromArray(F, b, ib + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, ib + 3 * L);
            FloatVector av = FloatVector.broadcast(F, a[ia]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            c02 = av.fma(b2, c02);
            c03 = av.fma(b3, c03);
            av = FloatVector.broadcast(F, a[ia + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            c12 = av.fma(b2, c12);
            c13 = av.fma(b3, c13);
            av = FloatVector.broadcast(F, a[ia + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            c22 = av.fma(b2, c22);
            c23 = av.fma(b3, c23);
            av = FloatVector.broadcast(F, a[ia + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            c32 = av.fma(b2, c32);
            c33 = av.fma(b3, c33);
            av = FloatVector.broadcast(F, a[ia + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            c42 = av.fma(b2, c42);
            c43 = av.fma(b3, c43);
            av = FloatVector.broadcast(F, a[ia + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            c52 = av.fma(b2, c52);
            c53 = av.fma(b3, c53);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c02.intoArray(acc, 2 * L);
        c03.intoArray(acc, 3 * L);
        c10.intoArray(acc, NR);
        c11.intoArray(acc, NR + L);
        c12.intoArray(acc, NR + 2 * L);
        c13.intoArray(acc, NR + 3 * L);
        c20.intoArray(acc, 2 * NR);
        c21.intoArray(acc, 2 * NR + L);
        c22.intoArray(acc, 2 * NR + 2 * L);
        c23.intoArray(acc, 2 * NR + 3 * L);
        c30.intoArray(acc, 3 * NR);
        c31.intoArray(acc, 3 * NR + L);
        c32.intoArray(acc, 3 * NR + 2 * L);
        c33.intoArray(acc, 3 * NR + 3 * L);
        c40.intoArray(acc, 4 * NR);
        c41.intoArray(acc, 4 * NR + L);
        c42.intoArray(acc, 4 * NR + 2 * L);
        c43.intoArray(acc, 4 * NR + 3 * L);
        c50.intoArray(acc, 5 * NR);
        c51.intoArray(acc, 5 * NR + L);
        c52.intoArray(acc, 5 * NR + 2 * L);
        c53.intoArray(acc, 5 * NR + 3 * L);
    }

    /**
     * Merges a tile from {@link #tile} into {@code C[0..mr, 0..nr)}: on the first depth block
     * ({@code first}) C becomes {@code beta * C + alpha * acc} (C not read when beta is 0); later blocks
     * add {@code alpha * acc}. Columns past nr are masked off.
     */
    static void merge(float[] acc, float[] c, int cOff, int ldc, int mr, int nr, float alpha, float beta, boolean first) {
        for (int r = 0; r < mr; r++) {
            int row = cOff + r * ldc;
            for (int j = 0; j < nr; j += L) {
                VectorMask<Float> m = F.indexInRange(j, nr);
                FloatVector v = FloatVector.fromArray(F, acc, r * NR + j);
                if (alpha != 1f) {
                    v = v.mul(alpha);
                }
                if (!first) {
                    v = v.add(FloatVector.fromArray(F, c, row + j, m));
                } else if (beta != 0f) {
                    v = FloatVector.fromArray(F, c, row + j, m).mul(beta).add(v);
                }
                v.intoArray(c, row + j, m);
            }
        }
    }
}
