package pagoda.tensor.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import pagoda.tensor.Tensor;

/**
 * EDM's resampling (NVlabs/edm training/networks.py, Conv2d with {@code resample_filter}): a depthwise
 * stride-2 convolution with one k x k filter ({@link pagoda.tensor.Backend#firDown}) and its transpose
 * ({@link pagoda.tensor.Backend#firUp}). Tasks are fixed groups of whole (n, c) planes.
 *
 * <p>EDM's default filter [1, 1] (k = 2, pad = 0) has fast paths: down-sampling loads two rows of 2 L
 * inputs, weights them with the alternating filter columns and adds even and odd lanes through a
 * two-vector shuffle; up-sampling duplicates every input lane through a shuffle and scales by the
 * alternating filter row. Other filters go through a general path that splits each (zero-padded) input
 * or output row into its even and odd columns, so that every filter tap becomes a contiguous vector fma.
 */
final class CpuResample {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int LANES = Simd.LANES;
    /** Elements a task aims at. */
    private static final int TASK = 1 << 15;

    private CpuResample() {
    }

    static void firDown(WorkPool pool, Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        int[] s = x.shape();
        int h = s[2];
        int w = s[3];
        int oh = out.size(2);
        int ow = out.size(3);
        float[] xd = CpuBackend.data(x);
        float[] od = CpuBackend.data(out);
        int xo = (int) x.offset();
        int oo = (int) out.offset();
        int planes = s[0] * s[1];
        int perTask = Math.max(1, TASK / Math.max(1, h * w));
        if (k == 2 && pad == 0) {
            float[] top = alternating(filter[0], filter[1]);
            float[] bottom = alternating(filter[2], filter[3]);
            pool.run((planes + perTask - 1) / perTask, t -> down2(xd, xo, h, w, od, oo, oh, ow, top, bottom, gain,
                    t * perTask, Math.min(planes, (t + 1) * perTask)));
            return;
        }
        pool.run((planes + perTask - 1) / perTask, t -> {
            float[][] split = new float[2][h * (ow + k)];
            float[] acc = new float[ow];
            for (int p = t * perTask; p < Math.min(planes, (t + 1) * perTask); p++) {
                downGeneral(xd, xo + p * h * w, h, w, od, oo + p * oh * ow, oh, ow, filter, k, pad, gain, split, acc);
            }
        });
    }

    /**
     * out[i, j] = gain (f0 x[2i, 2j] + f1 x[2i, 2j+1] + f2 x[2i+1, 2j] + f3 x[2i+1, 2j+1]); ow = floor(w / 2),
     * so a full vector of outputs never reads past its input row.
     */
    private static void down2(float[] x, int xo, int h, int w, float[] out, int oo, int oh, int ow,
                              float[] topWeights, float[] bottomWeights, float gain, int p0, int p1) {
        VectorShuffle<Float> even = VectorShuffle.fromArray(F, Shuffles.EVEN, 0);
        VectorShuffle<Float> odd = VectorShuffle.fromArray(F, Shuffles.ODD, 0);
        FloatVector top = FloatVector.fromArray(F, topWeights, 0);
        FloatVector bottom = FloatVector.fromArray(F, bottomWeights, 0);
        for (int p = p0; p < p1; p++) {
            for (int i = 0; i < oh; i++) {
                int r0 = xo + p * h * w + 2 * i * w;
                int r1 = r0 + w;
                int o = oo + p * oh * ow + i * ow;
                int j = 0;
                for (int bound = F.loopBound(ow); j < bound; j += LANES) {
                    int c = 2 * j;
                    FloatVector a = FloatVector.fromArray(F, x, r0 + c).mul(top)
                            .add(FloatVector.fromArray(F, x, r1 + c).mul(bottom));
                    FloatVector b = FloatVector.fromArray(F, x, r0 + c + LANES).mul(top)
                            .add(FloatVector.fromArray(F, x, r1 + c + LANES).mul(bottom));
                    a.rearrange(even, b).add(a.rearrange(odd, b)).mul(gain).intoArray(out, o + j);
                }
                for (; j < ow; j += LANES) {
                    int c = 2 * j;
                    VectorMask<Float> ma = F.indexInRange(c, w);
                    VectorMask<Float> mb = F.indexInRange(c + LANES, w);
                    FloatVector a = FloatVector.fromArray(F, x, r0 + c, ma).mul(top)
                            .add(FloatVector.fromArray(F, x, r1 + c, ma).mul(bottom));
                    FloatVector b = FloatVector.fromArray(F, x, r0 + c + LANES, mb).mul(top)
                            .add(FloatVector.fromArray(F, x, r1 + c + LANES, mb).mul(bottom));
                    a.rearrange(even, b).add(a.rearrange(odd, b)).mul(gain).intoArray(out, o + j, F.indexInRange(j, ow));
                }
            }
        }
    }

    /**
     * Any k and pad: each input row r is split once into the even and odd columns of the zero-padded
     * row, E[m] = xpad[r, 2m] and O[m] = xpad[r, 2m + 1], so that tap (u, v) of output row i reads E or O
     * of row 2i - pad + u at offset v / 2, contiguously. The split takes the row's even columns
     * x[2m] and odd columns x[2m + 1] with the two-vector shuffles of the fast path; padding by
     * pad = 2q shifts both by q, padding by 2q + 1 swaps them (E gets the odd columns, shifted by q + 1).
     * The margins of E and O are never written, so they stay zero from plane to plane.
     */
    private static void downGeneral(float[] x, int xi, int h, int w, float[] out, int oi, int oh, int ow,
                                    float[] f, int k, int pad, float gain, float[][] split, float[] acc) {
        int len = ow + k;
        boolean swap = (pad & 1) == 1;
        float[] evenDst = swap ? split[1] : split[0];
        float[] oddDst = swap ? split[0] : split[1];
        int evenShift = pad >> 1;
        int oddShift = (pad + 1) >> 1;
        int evens = (w + 1) / 2;
        int odds = w / 2;
        VectorShuffle<Float> even = VectorShuffle.fromArray(F, Shuffles.EVEN, 0);
        VectorShuffle<Float> odd = VectorShuffle.fromArray(F, Shuffles.ODD, 0);
        for (int r = 0; r < h; r++) {
            int row = xi + r * w;
            for (int j = 0; j < evens; j += LANES) {
                FloatVector a = FloatVector.fromArray(F, x, row + 2 * j, F.indexInRange(2 * j, w));
                FloatVector b = FloatVector.fromArray(F, x, row + 2 * j + LANES, F.indexInRange(2 * j + LANES, w));
                a.rearrange(even, b).intoArray(evenDst, r * len + evenShift + j, F.indexInRange(j, evens));
                a.rearrange(odd, b).intoArray(oddDst, r * len + oddShift + j, F.indexInRange(j, odds));
            }
        }
        float[] ev = split[0];
        float[] od = split[1];
        for (int i = 0; i < oh; i++) {
            Arrays.fill(acc, 0f);
            for (int u = 0; u < k; u++) {
                int r = 2 * i - pad + u;
                if (r < 0 || r >= h) {
                    continue;
                }
                for (int v = 0; v < k; v++) {
                    float[] src = (v & 1) == 0 ? ev : od;
                    axpy(gain * f[u * k + v], src, r * len + v / 2, acc, 0, ow);
                }
            }
            System.arraycopy(acc, 0, out, oi + i * ow, ow);
        }
    }

    static void firUp(WorkPool pool, Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        int[] s = x.shape();
        int h = s[2];
        int w = s[3];
        int oh = out.size(2);
        int ow = out.size(3);
        float[] xd = CpuBackend.data(x);
        float[] od = CpuBackend.data(out);
        int xo = (int) x.offset();
        int oo = (int) out.offset();
        int planes = s[0] * s[1];
        int perTask = Math.max(1, TASK / Math.max(1, oh * ow));
        if (k == 2 && pad == 0) {
            float[] top = alternating(gain * filter[0], gain * filter[1]);
            float[] bottom = alternating(gain * filter[2], gain * filter[3]);
            pool.run((planes + perTask - 1) / perTask, t -> up2(xd, xo, h, w, od, oo, oh, ow, top, bottom,
                    t * perTask, Math.min(planes, (t + 1) * perTask)));
            return;
        }
        pool.run((planes + perTask - 1) / perTask, t -> {
            float[][] split = new float[2][w + k + 2 * LANES];
            for (int p = t * perTask; p < Math.min(planes, (t + 1) * perTask); p++) {
                upGeneral(xd, xo + p * h * w, h, w, od, oo + p * oh * ow, oh, ow, filter, k, pad, gain, split);
            }
        });
    }

    /**
     * out[p, q] = gain f[(p mod 2) 2 + (q mod 2)] x[p / 2, q / 2]: input row i feeds output rows 2i and
     * 2i + 1, written together from one load. A last odd row or column (out of size 2H + 1) receives
     * nothing and is zero.
     */
    private static void up2(float[] x, int xo, int h, int w, float[] out, int oo, int oh, int ow,
                            float[] topWeights, float[] bottomWeights, int p0, int p1) {
        VectorShuffle<Float> lo = VectorShuffle.fromArray(F, Shuffles.DUP_LO, 0);
        VectorShuffle<Float> hi = VectorShuffle.fromArray(F, Shuffles.DUP_HI, 0);
        FloatVector top = FloatVector.fromArray(F, topWeights, 0);
        FloatVector bottom = FloatVector.fromArray(F, bottomWeights, 0);
        int filled = Math.min(ow, 2 * w);
        for (int p = p0; p < p1; p++) {
            int oi = oo + p * oh * ow;
            for (int i = 0; i < h; i++) {
                int r = xo + p * h * w + i * w;
                int o0 = oi + 2 * i * ow;
                int o1 = o0 + ow;
                int j = 0;
                for (int bound = F.loopBound(w); j < bound; j += LANES) {
                    FloatVector v = FloatVector.fromArray(F, x, r + j);
                    FloatVector a = v.rearrange(lo);
                    FloatVector b = v.rearrange(hi);
                    a.mul(top).intoArray(out, o0 + 2 * j);
                    b.mul(top).intoArray(out, o0 + 2 * j + LANES);
                    a.mul(bottom).intoArray(out, o1 + 2 * j);
                    b.mul(bottom).intoArray(out, o1 + 2 * j + LANES);
                }
                if (j < w) {
                    FloatVector v = FloatVector.fromArray(F, x, r + j, F.indexInRange(j, w));
                    FloatVector a = v.rearrange(lo);
                    FloatVector b = v.rearrange(hi);
                    VectorMask<Float> ma = F.indexInRange(2 * j, filled);
                    VectorMask<Float> mb = F.indexInRange(2 * j + LANES, filled);
                    a.mul(top).intoArray(out, o0 + 2 * j, ma);
                    b.mul(top).intoArray(out, o0 + 2 * j + LANES, mb);
                    a.mul(bottom).intoArray(out, o1 + 2 * j, ma);
                    b.mul(bottom).intoArray(out, o1 + 2 * j + LANES, mb);
                }
                Arrays.fill(out, o0 + filled, o0 + ow, 0f);
                Arrays.fill(out, o1 + filled, o1 + ow, 0f);
            }
            Arrays.fill(out, oi + 2 * h * ow, oi + oh * ow, 0f);
        }
    }

    /**
     * Any k and pad: output row p gathers taps u with p + pad - u even (input row i = (p + pad - u) / 2);
     * tap (u, v) adds f x[i, j] at padded column Q = 2j + v, i.e. to the even half E[j + v / 2] or the
     * odd half O[j + (v - 1) / 2] of the padded output row, contiguously. The halves are then zipped
     * into the row with the two-vector shuffles: for pad = 2q, out[2m] = E[m + q] and
     * out[2m + 1] = O[m + q]; for pad = 2q + 1, out[2m] = O[m + q] and out[2m + 1] = E[m + q + 1].
     * E and O carry LANES of slack so that the last zip reads stay inside them.
     */
    private static void upGeneral(float[] x, int xi, int h, int w, float[] out, int oi, int oh, int ow,
                                  float[] f, int k, int pad, float gain, float[][] split) {
        float[] ev = split[0];
        float[] od = split[1];
        boolean swap = (pad & 1) == 1;
        float[] first = swap ? od : ev;
        float[] second = swap ? ev : od;
        int firstShift = pad >> 1;
        int secondShift = (pad + 1) >> 1;
        VectorShuffle<Float> zipLo = VectorShuffle.fromArray(F, Shuffles.ZIP_LO, 0);
        VectorShuffle<Float> zipHi = VectorShuffle.fromArray(F, Shuffles.ZIP_HI, 0);
        for (int p = 0; p < oh; p++) {
            Arrays.fill(ev, 0f);
            Arrays.fill(od, 0f);
            for (int u = 0; u < k; u++) {
                int twice = p + pad - u;
                if ((twice & 1) != 0 || twice < 0 || twice / 2 >= h) {
                    continue;
                }
                int r = xi + twice / 2 * w;
                for (int v = 0; v < k; v++) {
                    axpy(gain * f[u * k + v], x, r, (v & 1) == 0 ? ev : od, v / 2, w);
                }
            }
            int o = oi + p * ow;
            for (int m = 0; 2 * m < ow; m += LANES) {
                FloatVector a = FloatVector.fromArray(F, first, firstShift + m);
                FloatVector b = FloatVector.fromArray(F, second, secondShift + m);
                a.rearrange(zipLo, b).intoArray(out, o + 2 * m, F.indexInRange(2 * m, ow));
                a.rearrange(zipHi, b).intoArray(out, o + 2 * m + LANES, F.indexInRange(2 * m + LANES, ow));
            }
        }
    }

    /** y[yo + j] += a x[xo + j] for j in [0, n). */
    private static void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector va = FloatVector.broadcast(F, a);
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += LANES) {
            FloatVector.fromArray(F, x, xo + j).fma(va, FloatVector.fromArray(F, y, yo + j)).intoArray(y, yo + j);
        }
        if (j < n) {
            VectorMask<Float> m = F.indexInRange(j, n);
            FloatVector.fromArray(F, x, xo + j, m).fma(va, FloatVector.fromArray(F, y, yo + j, m)).intoArray(y, yo + j, m);
        }
    }

    /** {a, b, a, b, ...} over one vector. */
    private static float[] alternating(float a, float b) {
        float[] v = new float[LANES];
        for (int l = 0; l < LANES; l++) {
            v[l] = (l & 1) == 0 ? a : b;
        }
        return v;
    }

    /** Lane index tables of the species, built once. */
    private static final class Shuffles {
        /** Even lanes of the pair (a, b): 0, 2, ..., 2L - 2 (indices of L and above pick from b). */
        static final int[] EVEN = new int[LANES];
        static final int[] ODD = new int[LANES];
        /** Every lane of the lower half twice: 0, 0, 1, 1, ... */
        static final int[] DUP_LO = new int[LANES];
        static final int[] DUP_HI = new int[LANES];
        /** The lower halves of (a, b) interleaved: a0, b0, a1, b1, ... */
        static final int[] ZIP_LO = new int[LANES];
        static final int[] ZIP_HI = new int[LANES];

        static {
            for (int l = 0; l < LANES; l++) {
                EVEN[l] = 2 * l;
                ODD[l] = 2 * l + 1;
                DUP_LO[l] = l / 2;
                DUP_HI[l] = LANES / 2 + l / 2;
                ZIP_LO[l] = (l & 1) * LANES + l / 2;
                ZIP_HI[l] = (l & 1) * LANES + LANES / 2 + l / 2;
            }
        }
    }
}
