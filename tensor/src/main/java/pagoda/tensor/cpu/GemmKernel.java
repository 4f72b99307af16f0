package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled SGEMM micro-kernel: an {@link #MR} x {@link #NR} tile of C (12 rows by two vectors)
 * accumulated as outer products of a packed A column (12 broadcasts) and a packed B row (2 loads) per
 * depth step. 24 accumulators + 2 B vectors + 1 broadcast fit the 32 vector registers of AVX-512 at every
 * width. The A panel stays in L1 while B panels stream from L2, and a 12-row tile reads half the L2 bytes
 * per flop of a 6-row tile of four vectors: in L1 the two shapes ran at 193-204 and 164-168 GFLOP/s per
 * core (FMA peak 231), and 8 x 3 at 177. The body is unrolled by hand and keeps every vector in a local:
 * a vector that escapes to an array or field costs an order of magnitude.
 */
final class GemmKernel {
    static final VectorSpecies<Float> F = Simd.F;
    static final int L = Simd.LANES;
    /** Rows of the C tile. */
    static final int MR = 12;
    /** Columns of the C tile: two vectors. */
    static final int NR = 2 * L;

    private GemmKernel() {
    }

    /**
     * The MR x NR product of an A panel (kc x MR floats at aOff) and a B panel (kc x NR floats at bOff),
     * written row-major into {@code acc[0 .. MR * NR)}. The accumulators leave the registers only through
     * these stores: passing them to a helper that C2 declines to inline (the body is large enough to hit
     * its node-count cutoff) boxes every vector and ran at 9 GFLOP/s instead of 150 per core. The panel
     * indices are computed from the loop counter rather than stepped alongside it, which lets C2 hoist
     * the bounds checks out of the loop (165 -> 190 GFLOP/s per core in L1 for a 6 x 4 tile).
     */
    static void tile(float[] a, int aOff, float[] b, int bOff, int kc, float[] acc) {
        FloatVector c000 = FloatVector.zero(F);
        FloatVector c001 = c000;
        FloatVector c010 = c000;
        FloatVector c011 = c000;
        FloatVector c020 = c000;
        FloatVector c021 = c000;
        FloatVector c030 = c000;
        FloatVector c031 = c000;
        FloatVector c040 = c000;
        FloatVector c041 = c000;
        FloatVector c050 = c000;
        FloatVector c051 = c000;
        FloatVector c060 = c000;
        FloatVector c061 = c000;
        FloatVector c070 = c000;
        FloatVector c071 = c000;
        FloatVector c080 = c000;
        FloatVector c081 = c000;
        FloatVector c090 = c000;
        FloatVector c091 = c000;
        FloatVector c100 = c000;
        FloatVector c101 = c000;
        FloatVector c110 = c000;
        FloatVector c111 = c000;
        for (int p = 0; p < kc; p++) {
            int ia = aOff + p * MR;
            int ib = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, b, ib);
            FloatVector b1 = FloatVector.fromArray(F, b, ib + L);
            FloatVector av = FloatVector.broadcast(F, a[ia + 0]);
            c000 = av.fma(b0, c000);
            c001 = av.fma(b1, c001);
            av = FloatVector.broadcast(F, a[ia + 1]);
            c010 = av.fma(b0, c010);
            c011 = av.fma(b1, c011);
            av = FloatVector.broadcast(F, a[ia + 2]);
            c020 = av.fma(b0, c020);
            c021 = av.fma(b1, c021);
            av = FloatVector.broadcast(F, a[ia + 3]);
            c030 = av.fma(b0, c030);
            c031 = av.fma(b1, c031);
            av = FloatVector.broadcast(F, a[ia + 4]);
            c040 = av.fma(b0, c040);
            c041 = av.fma(b1, c041);
            av = FloatVector.broadcast(F, a[ia + 5]);
            c050 = av.fma(b0, c050);
            c051 = av.fma(b1, c051);
            av = FloatVector.broadcast(F, a[ia + 6]);
            c060 = av.fma(b0, c060);
            c061 = av.fma(b1, c061);
            av = FloatVector.broadcast(F, a[ia + 7]);
            c070 = av.fma(b0, c070);
            c071 = av.fma(b1, c071);
            av = FloatVector.broadcast(F, a[ia + 8]);
            c080 = av.fma(b0, c080);
            c081 = av.fma(b1, c081);
            av = FloatVector.broadcast(F, a[ia + 9]);
            c090 = av.fma(b0, c090);
            c091 = av.fma(b1, c091);
            av = FloatVector.broadcast(F, a[ia + 10]);
            c100 = av.fma(b0, c100);
            c101 = av.fma(b1, c101);
            av = FloatVector.broadcast(F, a[ia + 11]);
            c110 = av.fma(b0, c110);
            c111 = av.fma(b1, c111);
        }
        c000.intoArray(acc, 0);
        c001.intoArray(acc, 0 + L);
        c010.intoArray(acc, NR);
        c011.intoArray(acc, NR + L);
        c020.intoArray(acc, 2 * NR);
        c021.intoArray(acc, 2 * NR + L);
        c030.intoArray(acc, 3 * NR);
        c031.intoArray(acc, 3 * NR + L);
        c040.intoArray(acc, 4 * NR);
        c041.intoArray(acc, 4 * NR + L);
        c050.intoArray(acc, 5 * NR);
        c051.intoArray(acc, 5 * NR + L);
        c060.intoArray(acc, 6 * NR);
        c061.intoArray(acc, 6 * NR + L);
        c070.intoArray(acc, 7 * NR);
        c071.intoArray(acc, 7 * NR + L);
        c080.intoArray(acc, 8 * NR);
        c081.intoArray(acc, 8 * NR + L);
        c090.intoArray(acc, 9 * NR);
        c091.intoArray(acc, 9 * NR + L);
        c100.intoArray(acc, 10 * NR);
        c101.intoArray(acc, 10 * NR + L);
        c110.intoArray(acc, 11 * NR);
        c111.intoArray(acc, 11 * NR + L);
    }

    /**
     * Merges a tile from {@link #tile} into {@code C[0..mr, 0..nr)}: on the first depth block
     * ({@code first}) C becomes {@code beta * C + alpha * acc} (C not read when beta is 0); later blocks
     * add {@code alpha * acc}. Columns past nr are masked off.
     */
    static void merge(float[] acc, float[] c, int cOff, int ldc, int mr, int nr, float alpha, float beta, boolean first) {
        if (nr == NR) {
            for (int r = 0; r < mr; r++) {
                int row = cOff + r * ldc;
                mergeFull(acc, r * NR, c, row, alpha, beta, first);
                mergeFull(acc, r * NR + L, c, row + L, alpha, beta, first);
            }
            return;
        }
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

    /** One whole vector of {@link #merge}: masked loads and stores cost 9% of a 1024^3 GEMM when used on every vector. */
    private static void mergeFull(float[] acc, int a, float[] c, int i, float alpha, float beta, boolean first) {
        FloatVector v = FloatVector.fromArray(F, acc, a);
        if (alpha != 1f) {
            v = v.mul(alpha);
        }
        if (!first) {
            v = v.add(FloatVector.fromArray(F, c, i));
        } else if (beta != 0f) {
            v = FloatVector.fromArray(F, c, i).mul(beta).add(v);
        }
        v.intoArray(c, i);
    }
}
