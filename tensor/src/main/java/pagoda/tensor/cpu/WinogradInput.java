package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The input transform of {@link WinogradConv}: {@code V = B^T d B} for every 4 x 4 input window d of a
 * block of tiles and every channel, with B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1] (Lavin and Gray 2016,
 * section 4.1), written straight into the GEMM's packed B layout: element e = 4i + j is entry e's B
 * [C, tiles], stored as {@link GemmKernel#NR}-tile panels, depth-major
 * ({@code v[e * entryStride + panel * C * NR + c * NR + lane]}).
 *
 * <p>One vector holds a run of tiles ({@link TileRuns}), so the window columns 2 tx + j of each half of the
 * run sit at stride 2 in an input row: a load for each half and a two-vector permute ({@code selectFrom},
 * one {@code vpermt2ps}) deal them out into the even and odd columns. Each row of d is transformed across
 * its columns (d B), then the rows are combined (B^T): each element of V is two additions or
 * subtractions of inputs, so it carries at most two roundings. The vectors stay in locals; the bodies are
 * unrolled by hand for that reason (see {@link VecMath} on vectors crossing methods).
 *
 * <p>The zero padding is never materialised: loads are masked to the input's columns, and a window row
 * above or below the input reads a row of zeros instead ({@link WindowRows}). A padded copy of the input
 * cost as much as this whole transform (one more pass over memory, written and read again).
 */
final class WinogradInput {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = Simd.LANES;
    /** Lane l takes input 2l of the two source vectors, the window column 2l of tile l. */
    private static final float[] EVEN = stride2(0);
    /** Lane l takes input 2l + 1. */
    private static final float[] ODD = stride2(1);
    /** Row r of B^T is window row FIRST[r] plus SIGN[r] times window row SECOND[r]. */
    private static final int[] FIRST = {0, 1, 2, 1};
    private static final int[] SECOND = {2, 2, 1, 3};
    private static final float[] SIGN = {-1, 1, -1, -1};

    private WinogradInput() {
    }

    private static float[] stride2(int start) {
        float[] idx = new float[L];
        for (int l = 0; l < L; l++) {
            idx[l] = 2 * l + start;
        }
        return idx;
    }

    /** Transforms the runs of one block from x (at xOff, geometry g) into v, locating rows with {@code rows}. */
    static void transform(float[] x, int xOff, ConvGeometry g, TileRuns runs, float[] v, int entryStride, WindowRows rows) {
        final int nr = GemmKernel.NR;
        for (int i0 = 0; i0 < runs.size; ) {
            int panel = runs.first[i0] / nr;
            int i1 = i0 + 1;
            while (i1 < runs.size && runs.first[i1] / nr == panel) {
                i1++;
            }
            rows.locate(x, xOff, g, runs, i0, i1);
            for (int r = 0; r < 4; r++) {
                row(rows, g.c(), v, panel * g.c() * nr, entryStride, r);
            }
            i0 = i1;
        }
    }

    /**
     * Row r of V (entries 4r to 4r + 3) for every channel of the located runs of one panel into v[to]
     * (entry 0, channel 0, lane 0). Row r of B^T combines two window rows, {@code FIRST[r] + SIGN[r] *
     * SECOND[r]}; each is transformed across its columns (d B) and the two are combined by a fused
     * multiply-add with a factor of +-1, which rounds exactly as the addition or subtraction would. Stores
     * go channel by channel, and run by run in lane order within a channel, because they are whole vectors
     * from each run's first lane: the lanes past a run hold another run's tiles, written after it in the
     * same channel, or (past the panel row) the next channel's first lanes, written in the next, or lanes
     * past the block that no one reads. A masked store would branch on whether its mask is full (see
     * {@link WindowRows}). One row per call keeps the method small enough for C1: the whole transform in
     * one method, or even half of it, ran out of C1's virtual registers and then ran interpreted until C2
     * took it, which left whole forward passes several times slower.
     */
    private static void row(WindowRows rows, int channels, float[] v, int to, int es, int r) {
        final int nr = GemmKernel.NR;
        final int runs = rows.size;
        final int a = FIRST[r];
        final int b = SECOND[r];
        final int out = 4 * r * es;
        FloatVector even = FloatVector.fromArray(F, EVEN, 0);
        FloatVector odd = FloatVector.fromArray(F, ODD, 0);
        FloatVector sign = FloatVector.broadcast(F, SIGN[r]);
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < runs; k++) {
                VectorMask<Float> in0 = VectorMask.fromLong(F, rows.lo[k]);
                VectorMask<Float> in1 = VectorMask.fromLong(F, rows.hi[k]);
                VectorMask<Float> in2 = VectorMask.fromLong(F, rows.lo2[k]);
                VectorMask<Float> in3 = VectorMask.fromLong(F, rows.hi2[k]);
                int hiOff = rows.hiOff[k];
                float[] xa = rows.src[4 * k + a];
                int oa = rows.off[4 * k + a] + c * rows.step[4 * k + a];
                float[] xb = rows.src[4 * k + b];
                int ob = rows.off[4 * k + b] + c * rows.step[4 * k + b];
                FloatVector lo = FloatVector.fromArray(F, xa, oa, in0);
                FloatVector hi = FloatVector.fromArray(F, xa, oa + hiOff, in1);
                FloatVector d0 = even.selectFrom(lo, hi);
                FloatVector d1 = odd.selectFrom(lo, hi);
                lo = FloatVector.fromArray(F, xa, oa + 2, in2);
                hi = FloatVector.fromArray(F, xa, oa + 2 + hiOff, in3);
                FloatVector d2 = even.selectFrom(lo, hi);
                FloatVector d3 = odd.selectFrom(lo, hi);
                FloatVector ha0 = d0.sub(d2);
                FloatVector ha1 = d1.add(d2);
                FloatVector ha2 = d2.sub(d1);
                FloatVector ha3 = d1.sub(d3);
                lo = FloatVector.fromArray(F, xb, ob, in0);
                hi = FloatVector.fromArray(F, xb, ob + hiOff, in1);
                d0 = even.selectFrom(lo, hi);
                d1 = odd.selectFrom(lo, hi);
                lo = FloatVector.fromArray(F, xb, ob + 2, in2);
                hi = FloatVector.fromArray(F, xb, ob + 2 + hiOff, in3);
                d2 = even.selectFrom(lo, hi);
                d3 = odd.selectFrom(lo, hi);
                int o = to + c * nr + rows.lane[k] + out;
                d0.sub(d2).fma(sign, ha0).intoArray(v, o);
                d1.add(d2).fma(sign, ha1).intoArray(v, o + es);
                d2.sub(d1).fma(sign, ha2).intoArray(v, o + 2 * es);
                d1.sub(d3).fma(sign, ha3).intoArray(v, o + 3 * es);
            }
        }
    }
}
