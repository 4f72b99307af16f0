package pagoda.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import pagoda.tensor.NnOps;
import pagoda.tensor.Tensor;

/**
 * EDM's FIR resampling through {@link NnOps#firDown} and {@link NnOps#firUp}: the [1,1] filter (k = 2,
 * padding 0; down-sampling at gain 1, up-sampling at gain 4) and the [1,3,3,1] filter (k = 4, padding 1),
 * each the outer product of the 1-D taps normalised to sum 1 as NVlabs/edm builds it, on even and odd
 * sizes and the UNet's 64-channel planes.
 *
 * <p>Bound: a sum of at most k^2 products per output, mag = the same resampling of |x| with |filter| and
 * |gain|.
 */
final class ResampleCases {
    private ResampleCases() {
    }

    /** A k x k filter from 1-D taps, normalised as EDM's {@code resample_filter}: outer(f, f) / sum(f)^2. */
    record Filter(String label, float[] taps2d, int k, int pad) {
        static Filter of(int pad, float... taps) {
            int k = taps.length;
            float sum = 0;
            for (float t : taps) {
                sum += t;
            }
            float[] f = new float[k * k];
            for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++) {
                    f[u * k + v] = taps[u] * taps[v] / (sum * sum);
                }
            }
            StringBuilder label = new StringBuilder("[");
            for (int i = 0; i < k; i++) {
                label.append(i == 0 ? "" : ",").append((int) taps[i]);
            }
            return new Filter(label.append("]").toString(), f, k, pad);
        }

        float[] abs() {
            float[] a = taps2d.clone();
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.abs(a[i]);
            }
            return a;
        }
    }

    static final Filter BOX = Filter.of(0, 1, 1);
    static final Filter CUBIC = Filter.of(1, 1, 3, 3, 1);

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        for (Filter f : List.of(BOX, CUBIC)) {
            cases.add(down(f, 1, 2, 3, 8, 8));
            cases.add(down(f, 1, 2, 3, 9, 7));
            cases.add(up(f, 4, new int[] {2, 3, 4, 4}, 8, 8));
            cases.add(up(f, 4, new int[] {2, 3, 5, 3}, 10, 6));
            cases.add(up(f, 4, new int[] {2, 3, 4, 4}, 9, 9));
            cases.add(down(f, 1, 2, 64, 16, 16));
            cases.add(up(f, 4, new int[] {2, 64, 8, 8}, 16, 16));
        }
        cases.add(down(BOX, 4, 1, 2, 6, 6));
        cases.add(up(CUBIC, 1, new int[] {1, 2, 3, 3}, 6, 6));
        return cases;
    }

    static OpCase down(Filter f, float gain, int... xShape) {
        String name = "firDown " + f.label() + " k" + f.k() + " pad " + f.pad() + " gain " + gain + " of " + Arrays.toString(xShape);
        long n = (long) f.k() * f.k();
        return new OpCase("firDown", name, Set.of("firDown"), Inputs.none().symmetric("x", xShape),
                (be, in) -> new Tensor[] {NnOps.firDown(in[0], f.taps2d(), f.k(), f.pad(), gain)}, List.of("out"),
                (in, ref) -> new Bound[] {Bound.sum(n, Readback.values(NnOps.firDown(Magnitudes.abs(in[0]), f.abs(), f.k(),
                        f.pad(), Math.abs(gain))), "k^2 filter taps")});
    }

    static OpCase up(Filter f, float gain, int[] xShape, int outH, int outW) {
        String name = "firUp " + f.label() + " k" + f.k() + " pad " + f.pad() + " gain " + gain + " of "
                + Arrays.toString(xShape) + " to " + outH + "x" + outW;
        long n = (long) f.k() * f.k();
        return new OpCase("firUp", name, Set.of("firUp"), Inputs.none().symmetric("x", xShape),
                (be, in) -> new Tensor[] {NnOps.firUp(in[0], f.taps2d(), f.k(), f.pad(), gain, outH, outW)}, List.of("out"),
                (in, ref) -> new Bound[] {Bound.sum(n, Readback.values(NnOps.firUp(Magnitudes.abs(in[0]), f.abs(), f.k(),
                        f.pad(), Math.abs(gain), outH, outW)), "at most k^2 filter taps")});
    }
}
