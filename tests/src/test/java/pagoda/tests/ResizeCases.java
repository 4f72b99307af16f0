package pagoda.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.ResizeTaps;
import pagoda.tensor.Tensor;

/**
 * Image resizing and its gradient through {@link NnOps}: every filter, antialiasing on and off, up and
 * down, integer and non-integer ratios, different ratios per axis, the identity size, and a 64x64 image
 * to 16x16 and back.
 *
 * <p>Bound: output pixel (i, j) is sum_{u,v} wy(i,u) wx(j,v) x[...], a sum of n = ny nx terms (nx, ny the
 * most non-zero taps per output along each axis; the gradient counts the most outputs that read one input
 * pixel instead), plus one for the weights' rounding to float; a separable kernel's two passes (nx + ny + 2
 * roundings) stay inside it. mag = Ay |x| Ax^T with Ay, Ax the taps' absolute values as dense matrices
 * (bicubic taps are negative in places, so the resize of |x| would not bound the terms).
 */
final class ResizeCases {
    private ResizeCases() {
    }

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        int[] x = {2, 3, 13, 11};
        int[][] sizes = {{29, 23}, {5, 4}, {9, 16}};
        for (ResizeFilter f : ResizeFilter.values()) {
            for (boolean antialias : new boolean[] {true, false}) {
                for (int[] s : sizes) {
                    cases.add(forward(x, s[0], s[1], f, antialias));
                    cases.add(backward(x, s[0], s[1], f, antialias));
                }
            }
        }
        cases.add(forward(x, 13, 11, ResizeFilter.BICUBIC, true));
        cases.add(forward(new int[] {1, 3, 64, 64}, 16, 16, ResizeFilter.BICUBIC, true));
        cases.add(backward(new int[] {1, 3, 64, 64}, 16, 16, ResizeFilter.BICUBIC, true));
        cases.add(forward(new int[] {1, 3, 16, 16}, 64, 64, ResizeFilter.BILINEAR, false));
        return cases;
    }

    private static String label(int[] x, int outH, int outW, ResizeFilter f, boolean antialias) {
        return Arrays.toString(x) + " to " + outH + "x" + outW + " " + f + (antialias ? " antialias" : " no antialias");
    }

    static OpCase forward(int[] x, int outH, int outW, ResizeFilter f, boolean antialias) {
        return new OpCase("resize", "resize " + label(x, outH, outW, f, antialias), Set.of("resize"),
                Inputs.none().symmetric("x", x),
                (be, in) -> new Tensor[] {NnOps.resize(in[0], outH, outW, f, antialias)}, List.of("out"), (in, ref) -> {
                    Taps ty = new Taps(ResizeTaps.of(x[2], outH, f, antialias));
                    Taps tx = new Taps(ResizeTaps.of(x[3], outW, f, antialias));
                    Tensor mag = Ops.matmul(Ops.matmul(ty.matrix(), Magnitudes.abs(in[0])), tx.matrix().transpose(0, 1));
                    return new Bound[] {Bound.sum((long) ty.perOutput() * tx.perOutput() + 1, Readback.values(mag),
                            "ny nx taps and the weights' rounding")};
                });
    }

    static OpCase backward(int[] x, int outH, int outW, ResizeFilter f, boolean antialias) {
        return new OpCase("resizeBackward", "resizeBackward " + label(x, outH, outW, f, antialias), Set.of("resizeBackward"),
                Inputs.none().symmetric("dy", x[0], x[1], outH, outW),
                (be, in) -> new Tensor[] {NnOps.resizeBackward(in[0], x, f, antialias)}, List.of("dx"), (in, ref) -> {
                    Taps ty = new Taps(ResizeTaps.of(x[2], outH, f, antialias));
                    Taps tx = new Taps(ResizeTaps.of(x[3], outW, f, antialias));
                    Tensor mag = Ops.matmul(Ops.matmul(ty.matrix().transpose(0, 1), Magnitudes.abs(in[0])), tx.matrix());
                    return new Bound[] {Bound.sum((long) ty.perInput() * tx.perInput() + 1, Readback.values(mag),
                            "outputs reading one input pixel along y times along x, and the weights' rounding")};
                });
    }

    /** One axis's taps as a dense [out, in] matrix of absolute weights, with its row and column non-zero counts. */
    private record Taps(ResizeTaps taps) {
        Tensor matrix() {
            int out = taps.outSize();
            int in = taps.inSize();
            double[] m = new double[out * in];
            for (int i = 0; i < out; i++) {
                for (int t = 0; t < taps.size(i); t++) {
                    m[i * in + taps.start(i) + t] = Math.abs(taps.weight(i, t));
                }
            }
            return Magnitudes.tensor(m, out, in);
        }

        /** The most non-zero taps of one output pixel. */
        int perOutput() {
            int most = 0;
            for (int i = 0; i < taps.outSize(); i++) {
                int n = 0;
                for (int t = 0; t < taps.size(i); t++) {
                    n += taps.weight(i, t) != 0 ? 1 : 0;
                }
                most = Math.max(most, n);
            }
            return most;
        }

        /** The most output pixels that read one input pixel with a non-zero weight. */
        int perInput() {
            int[] count = new int[taps.inSize()];
            for (int i = 0; i < taps.outSize(); i++) {
                for (int t = 0; t < taps.size(i); t++) {
                    count[taps.start(i) + t] += taps.weight(i, t) != 0 ? 1 : 0;
                }
            }
            return Arrays.stream(count).max().orElse(0);
        }
    }
}
