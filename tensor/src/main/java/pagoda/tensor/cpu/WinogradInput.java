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
            upper(rows, g.c(), v, panel * g.c() * nr, entryStride);
            lower(rows, g.c(), v, panel * g.c() * nr, entryStride);
            i0 = i1;
        }
    }

    /**
     * Rows 0 and 1 of V (entries 0 to 7), from window rows 0 to 2, for every channel of the located runs
     * of one panel into v[to] (entry 0, channel 0, lane 0): channel by channel, and run by run in lane
     * order within a channel, because the stores are whole vectors from each run's first lane. The lanes
     * past a run hold another run's tiles, written after it in the same channel, or (past the panel row)
     * the next channel's first lanes, written in the next, or lanes past the block that no one reads. A
     * masked store would branch on whether its mask is full (see {@link WindowRows}). V's rows are split
     * between two methods, window rows 1 and 2 loaded by both, to keep each small enough for C1 (the
     * whole transform in one ran out of its virtual registers, and then ran interpreted).
     */
    private static void upper(WindowRows rows, int channels, float[] v, int to, int es) {
        final int nr = GemmKernel.NR;
        final int runs = rows.size;
        FloatVector even = FloatVector.fromArray(F, EVEN, 0);
        FloatVector odd = FloatVector.fromArray(F, ODD, 0);
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < runs; k++) {
                VectorMask<Float> in0 = VectorMask.fromLong(F, rows.lo[k]);
                VectorMask<Float> in1 = VectorMask.fromLong(F, rows.hi[k]);
                VectorMask<Float> in2 = VectorMask.fromLong(F, rows.lo2[k]);
                VectorMask<Float> in3 = VectorMask.fromLong(F, rows.hi2[k]);
                int hiOff = rows.hiOff[k];
                float[] x0 = rows.src[4 * k];
                int o0 = rows.off[4 * k] + c * rows.step[4 * k];
                float[] x1 = rows.src[4 * k + 1];
                int o1 = rows.off[4 * k + 1] + c * rows.step[4 * k + 1];
                float[] x2 = rows.src[4 * k + 2];
                int o2 = rows.off[4 * k + 2] + c * rows.step[4 * k + 2];
                FloatVector lo = FloatVector.fromArray(F, x0, o0, in0);
                FloatVector hi = FloatVector.fromArray(F, x0, o0 + hiOff, in1);
                FloatVector d0 = even.selectFrom(lo, hi);
                FloatVector d1 = odd.selectFrom(lo, hi);
                lo = FloatVector.fromArray(F, x0, o0 + 2, in2);
                hi = FloatVector.fromArray(F, x0, o0 + 2 + hiOff, in3);
                FloatVector d2 = even.selectFrom(lo, hi);
                FloatVector d3 = odd.selectFrom(lo, hi);
                FloatVector h00 = d0.sub(d2);
                FloatVector h01 = d1.add(d2);
                FloatVector h02 = d2.sub(d1);
                FloatVector h03 = d1.sub(d3);
                lo = FloatVector.fromArray(F, x1, o1, in0);
                hi = FloatVector.fromArray(F, x1, o1 + hiOff, in1);
                d0 = even.selectFrom(lo, hi);
                d1 = odd.selectFrom(lo, hi);
                lo = FloatVector.fromArray(F, x1, o1 + 2, in2);
                hi = FloatVector.fromArray(F, x1, o1 + 2 + hiOff, in3);
                d2 = even.selectFrom(lo, hi);
                d3 = odd.selectFrom(lo, hi);
                FloatVector h10 = d0.sub(d2);
                FloatVector h11 = d1.add(d2);
                FloatVector h12 = d2.sub(d1);
                FloatVector h13 = d1.sub(d3);
                lo = FloatVector.fromArray(F, x2, o2, in0);
                hi = FloatVector.fromArray(F, x2, o2 + hiOff, in1);
                d0 = even.selectFrom(lo, hi);
                d1 = odd.selectFrom(lo, hi);
                lo = FloatVector.fromArray(F, x2, o2 + 2, in2);
                hi = FloatVector.fromArray(F, x2, o2 + 2 + hiOff, in3);
                d2 = even.selectFrom(lo, hi);
                d3 = odd.selectFrom(lo, hi);
                FloatVector h20 = d0.sub(d2);
                FloatVector h21 = d1.add(d2);
                FloatVector h22 = d2.sub(d1);
                FloatVector h23 = d1.sub(d3);
                int o = to + c * nr + rows.lane[k];
                h00.sub(h20).intoArray(v, o);
                h01.sub(h21).intoArray(v, o + es);
                h02.sub(h22).intoArray(v, o + 2 * es);
                h03.sub(h23).intoArray(v, o + 3 * es);
                h10.add(h20).intoArray(v, o + 4 * es);
                h11.add(h21).intoArray(v, o + 5 * es);
                h12.add(h22).intoArray(v, o + 6 * es);
                h13.add(h23).intoArray(v, o + 7 * es);
            }
        }
    }

    /**
     * Rows 2 and 3 of V (entries 8 to 15), from window rows 1 to 3, as {@link #upper} does.
     */
    private static void lower(WindowRows rows, int channels, float[] v, int to, int es) {
        final int nr = GemmKernel.NR;
        final int runs = rows.size;
        FloatVector even = FloatVector.fromArray(F, EVEN, 0);
        FloatVector odd = FloatVector.fromArray(F, ODD, 0);
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < runs; k++) {
                VectorMask<Float> in0 = VectorMask.fromLong(F, rows.lo[k]);
                VectorMask<Float> in1 = VectorMask.fromLong(F, rows.hi[k]);
                VectorMask<Float> in2 = VectorMask.fromLong(F, rows.lo2[k]);
                VectorMask<Float> in3 = VectorMask.fromLong(F, rows.hi2[k]);
                int hiOff = rows.hiOff[k];
                float[] x1 = rows.src[4 * k + 1];
                int o1 = rows.off[4 * k + 1] + c * rows.step[4 * k + 1];
                float[] x2 = rows.src[4 * k + 2];
                int o2 = rows.off[4 * k + 2] + c * rows.step[4 * k + 2];
                float[] x3 = rows.src[4 * k + 3];
                int o3 = rows.off[4 * k + 3] + c * rows.step[4 * k + 3];
                FloatVector lo = FloatVector.fromArray(F, x1, o1, in0);
                FloatVector hi = FloatVector.fromArray(F, x1, o1 + hiOff, in1);
                FloatVector d0 = even.selectFrom(lo, hi);
                FloatVector d1 = odd.selectFrom(lo, hi);
                lo = FloatVector.fromArray(F, x1, o1 + 2, in2);
                hi = FloatVector.fromArray(F, x1, o1 + 2 + hiOff, in3);
                FloatVector d2 = even.selectFrom(lo, hi);
                FloatVector d3 = odd.selectFrom(lo, hi);
                FloatVector h10 = d0.sub(d2);
                FloatVector h11 = d1.add(d2);
                FloatVector h12 = d2.sub(d1);
                FloatVector h13 = d1.sub(d3);
                lo = FloatVector.fromArray(F, x2, o2, in0);
                hi = FloatVector.fromArray(F, x2, o2 + hiOff, in1);
                d0 = even.selectFrom(lo, hi);
                d1 = odd.selectFrom(lo, hi);
                lo = FloatVector.fromArray(F, x2, o2 + 2, in2);
                hi = FloatVector.fromArray(F, x2, o2 + 2 + hiOff, in3);
                d2 = even.selectFrom(lo, hi);
                d3 = odd.selectFrom(lo, hi);
                FloatVector h20 = d0.sub(d2);
                FloatVector h21 = d1.add(d2);
                FloatVector h22 = d2.sub(d1);
                FloatVector h23 = d1.sub(d3);
                lo = FloatVector.fromArray(F, x3, o3, in0);
                hi = FloatVector.fromArray(F, x3, o3 + hiOff, in1);
                d0 = even.selectFrom(lo, hi);
                d1 = odd.selectFrom(lo, hi);
                lo = FloatVector.fromArray(F, x3, o3 + 2, in2);
                hi = FloatVector.fromArray(F, x3, o3 + 2 + hiOff, in3);
                d2 = even.selectFrom(lo, hi);
                d3 = odd.selectFrom(lo, hi);
                FloatVector h30 = d0.sub(d2);
                FloatVector h31 = d1.add(d2);
                FloatVector h32 = d2.sub(d1);
                FloatVector h33 = d1.sub(d3);
                int o = to + c * nr + rows.lane[k];
                h20.sub(h10).intoArray(v, o + 8 * es);
                h21.sub(h11).intoArray(v, o + 9 * es);
                h22.sub(h12).intoArray(v, o + 10 * es);
                h23.sub(h13).intoArray(v, o + 11 * es);
                h10.sub(h30).intoArray(v, o + 12 * es);
                h11.sub(h31).intoArray(v, o + 13 * es);
                h12.sub(h32).intoArray(v, o + 14 * es);
                h13.sub(h33).intoArray(v, o + 15 * es);
            }
        }
    }
}
