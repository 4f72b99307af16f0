package pagoda.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import pagoda.tensor.Backends;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.NnOps;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/**
 * conv2d forward (with and without bias, with each fused activation) and both gradients through
 * {@link NnOps}: strides 1 and 2, paddings 0 to 2 (including padding beyond R - 1, which the input
 * gradient cannot treat as a transposed convolution), kernels 1, 3, 5 and non-square, odd sizes, and the
 * teacher UNet's shapes. Every UnaryOp but SIGN is tried as the fused activation.
 *
 * <p>Bounds: each output is a sum of n products, mag = the same convolution on |x|, |w| (and |bias|);
 * n = C R S (+1 with a bias) forward, K R S for the input gradient (the transposed convolution's length,
 * at least as many as any input pixel receives), N P Q for the weight gradient. A fused activation f
 * carries the sum's error e at z into at most |f'(z)| e (to first order; f's Lipschitz constant where it
 * has kinks) and adds its own 4 ulps: mag = |f'(z)| mag_sum + |out|, tolerance n + 6.
 *
 * <p>3 x 3 stride-1 convolutions (forward, and the input gradient, which is one too) may also be computed
 * by Winograd's F(2x2, 3x3), whose error scales with a larger magnitude ({@link WinogradMagnitudes}); any
 * backend may take either method, so each element is allowed the larger of the two bounds. The
 * {@link #WINOGRAD} geometries have enough channels for the CPU backend to take it, with odd output sizes
 * (partial tiles) and paddings 0 to 2.
 */
final class ConvCases {
    private ConvCases() {
    }

    /** x [n, c, h, w], w [k, c, r, s], stride (sh, sw), padding (ph, pw). */
    record Geometry(int n, int c, int h, int w, int k, int r, int s, int sh, int sw, int ph, int pw) {
        static Geometry square(int n, int c, int h, int w, int k, int kernel, int stride, int pad) {
            return new Geometry(n, c, h, w, k, kernel, kernel, stride, stride, pad, pad);
        }

        Conv2dSpec spec() {
            return new Conv2dSpec(sh, sw, ph, pw);
        }

        int[] x() {
            return new int[] {n, c, h, w};
        }

        int[] weight() {
            return new int[] {k, c, r, s};
        }

        int[] y() {
            return new int[] {n, k, spec().outH(h, r), spec().outW(w, s)};
        }

        String label() {
            String kernel = r == s ? "k" + r : "k" + r + "x" + s;
            String stride = sh == sw ? " s" + sh : " s(" + sh + "," + sw + ")";
            String pad = ph == pw ? " p" + ph : " p(" + ph + "," + pw + ")";
            return "[" + n + "," + c + "," + h + "," + w + "]->" + k + " " + kernel + stride + pad;
        }
    }

    /**
     * A fused activation f with a bound of |f'| near z: the activation turns the sum's error e into at most
     * slope(z) e (to first order; the Lipschitz constant where f has kinks).
     */
    private record Activation(UnaryOp op, float p0, DoubleUnaryOperator slope) {
        String label() {
            return op + (p0 == 0 ? "" : "(" + p0 + ")");
        }
    }

    /** SiLU, the UNet's activation: |silu'| peaks at 1.0998 near z = 2.4. */
    private static final Activation SILU = new Activation(UnaryOp.SILU, 0, z -> 1.1);

    /**
     * Every UnaryOp but SIGN, which jumps at 0 so that any rounding of a sum near 0 may flip it. Ops
     * undefined for negative sums (LOG, SQRT, RSQRT) give NaN there on both sides.
     */
    private static final List<Activation> ACTIVATIONS = List.of(
            new Activation(UnaryOp.NEG, 0, z -> 1),
            new Activation(UnaryOp.EXP, 0, Math::exp),
            new Activation(UnaryOp.LOG, 0, z -> 1 / Math.abs(z)),
            new Activation(UnaryOp.SQRT, 0, z -> 0.5 / Math.sqrt(Math.abs(z))),
            new Activation(UnaryOp.RSQRT, 0, z -> 0.5 * Math.pow(Math.abs(z), -1.5)),
            new Activation(UnaryOp.SQUARE, 0, z -> 2 * Math.abs(z)),
            new Activation(UnaryOp.ABS, 0, z -> 1),
            new Activation(UnaryOp.TANH, 0, z -> 1),
            new Activation(UnaryOp.SIGMOID, 0, z -> 0.25),
            new Activation(UnaryOp.RELU, 0, z -> 1),
            new Activation(UnaryOp.LEAKY_RELU, 0.2f, z -> 1),
            SILU,
            new Activation(UnaryOp.SILU_GRAD, 0, z -> 0.5),
            new Activation(UnaryOp.CLAMP, -0.5f, z -> 1),
            new Activation(UnaryOp.POW, 2, z -> 2 * Math.abs(z)),
            new Activation(UnaryOp.AFFINE, 1.5f, z -> 1.5),
            new Activation(UnaryOp.RECIPROCAL, 0, z -> 1 / (z * z)));

    /** Small geometries: strides 1 and 2, paddings 0 to 2, kernels 1, 3, 5 and non-square, odd sizes. */
    static final List<Geometry> SMALL = List.of(
            Geometry.square(2, 3, 9, 7, 4, 3, 1, 1),
            Geometry.square(2, 8, 9, 7, 5, 3, 2, 1),
            Geometry.square(1, 4, 8, 8, 6, 1, 1, 0),
            Geometry.square(1, 4, 8, 8, 6, 1, 1, 1),
            Geometry.square(1, 3, 11, 10, 4, 5, 1, 2),
            Geometry.square(1, 3, 11, 10, 4, 5, 2, 0),
            Geometry.square(2, 5, 7, 7, 3, 3, 2, 2),
            Geometry.square(1, 2, 5, 6, 3, 3, 1, 0),
            Geometry.square(1, 1, 1, 1, 1, 1, 1, 0),
            new Geometry(2, 3, 9, 8, 4, 3, 1, 2, 1, 1, 0),
            new Geometry(2, 3, 9, 8, 4, 1, 3, 1, 2, 0, 1));

    /** The teacher UNet's convolutions at 16x16 and 8x8 (EDM's ADM, 64 base channels). */
    static final List<Geometry> UNET = List.of(
            Geometry.square(2, 64, 16, 16, 64, 3, 1, 1),
            Geometry.square(2, 128, 8, 8, 128, 3, 1, 1),
            Geometry.square(2, 128, 8, 8, 64, 1, 1, 0));

    /** 3 x 3 stride-1 geometries with at least 16 input and output channels: odd output sizes, paddings 0 to 2. */
    static final List<Geometry> WINOGRAD = List.of(
            Geometry.square(1, 16, 9, 7, 17, 3, 1, 0),
            Geometry.square(2, 17, 7, 9, 16, 3, 1, 1),
            Geometry.square(1, 16, 5, 6, 20, 3, 1, 2));

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        for (Geometry g : SMALL) {
            cases.add(forward(g, true));
            cases.add(forward(g, false));
            cases.add(backwardData(g));
            cases.add(backwardWeight(g));
        }
        Geometry withAct = SMALL.get(1);
        for (Activation a : ACTIVATIONS) {
            cases.add(forward(withAct, true, a));
        }
        cases.add(forward(SMALL.get(5), false, SILU));
        for (Geometry g : WINOGRAD) {
            cases.add(forward(g, true));
            cases.add(forward(g, false));
            cases.add(backwardData(g));
        }
        cases.add(forward(WINOGRAD.get(1), true, SILU));
        for (Geometry g : UNET) {
            cases.add(forward(g, true));
            cases.add(backwardData(g));
            cases.add(backwardWeight(g));
        }
        return cases;
    }

    /** The convolution with or without bias and no activation; {@link DeterminismCases} uses it too. */
    static OpCase forward(Geometry g, boolean bias) {
        return forward(g, bias, null);
    }

    private static OpCase forward(Geometry g, boolean bias, Activation act) {
        String name = "conv2d " + g.label() + (bias ? " bias" : "") + (act == null ? "" : " act " + act.label());
        Inputs inputs = Inputs.none().symmetric("x", g.x()).symmetric("w", g.weight());
        if (bias) {
            inputs = inputs.symmetric("bias", g.k());
        }
        OpCase.Call linear = (be, in) -> new Tensor[] {NnOps.conv2d(in[0], in[1], bias ? in[2] : null, g.spec())};
        OpCase.Call call = act == null ? linear : (be, in) -> new Tensor[] {
            NnOps.conv2d(in[0], in[1], bias ? in[2] : null, g.spec(), act.op(), act.p0())};
        long n = (long) g.c() * g.r() * g.s() + (bias ? 1 : 0);
        String terms = "C R S products" + (bias ? " and the bias" : "");
        return new OpCase("conv2d", name, Set.of("conv2d"), inputs, call, List.of("out"), (in, ref) -> {
            double[] mag = Magnitudes.ofAbs(linear, in)[0];
            if (winograd(g)) {
                return forwardEitherMethod(g, in, ref[0], mag, n, bias, act);
            }
            if (act == null) {
                return new Bound[] {Bound.sum(n, mag, terms)};
            }
            double[] z = Readback.values(linear.apply(Backends.reference(), in)[0]);
            for (int i = 0; i < mag.length; i++) {
                mag[i] = act.slope().applyAsDouble(z[i]) * mag[i] + Math.abs(ref[0][i]);
            }
            return new Bound[] {Bound.scaled(n + 6, mag, "|f'(z)| sum|terms| + |out|, z the sum of n = " + n + " " + terms
                    + ": the sum's error through the activation f, plus its own 4 ulps")};
        });
    }

    /** Whether a backend may compute this geometry by Winograd's F(2x2, 3x3). */
    private static boolean winograd(Geometry g) {
        return g.r() == 3 && g.s() == 3 && g.sh() == 1 && g.sw() == 1 && g.ph() <= 2 && g.pw() <= 2;
    }

    /**
     * The forward bound of a geometry either method may compute: in eps32 units, the sum's error is at most
     * max((n + 2) mag, (C + 12 + bias) magW) (the direct rule and {@link WinogradMagnitudes}' with the same
     * factor-2 margin, the bias's |b| added to magW); through an activation it becomes |f'(z)| times that
     * plus f's own 4 ulps and 2 of margin on |out|.
     */
    private static Bound[] forwardEitherMethod(Geometry g, Tensor[] in, double[] ref, double[] mag, long n,
                                               boolean bias, Activation act) {
        double[] magW = WinogradMagnitudes.of(Magnitudes.absValues(in[0]), g.n(), g.c(), g.h(), g.w(),
                Magnitudes.absValues(in[1]), g.k(), g.ph(), g.pw());
        double[] b = bias ? Magnitudes.absValues(in[2]) : null;
        double winogradScale = g.c() + WinogradMagnitudes.TRANSFORM_ROUNDINGS + 2 + (bias ? 1 : 0);
        int plane = g.y()[2] * g.y()[3];
        double[] z = act == null ? null : Readback.values(NnOps.conv2d(in[0], in[1], bias ? in[2] : null, g.spec()));
        double[] allowed = new double[mag.length];
        for (int i = 0; i < allowed.length; i++) {
            double w = magW[i] + (bias ? b[(i / plane) % g.k()] : 0);
            double sum = Math.max((n + 2) * mag[i], winogradScale * w);
            allowed[i] = act == null ? sum : act.slope().applyAsDouble(z[i]) * sum + 6 * Math.abs(ref[i]);
        }
        String rule = "max((n + 2) sum|terms|, (C + " + (int) (winogradScale - g.c()) + ") magW), n = " + n
                + ": the direct or the Winograd F(2x2,3x3) summation" + (act == null ? "" : ", through |f'(z)|, plus 6 |out|");
        return new Bound[] {Bound.scaled(1, allowed, rule)};
    }

    static OpCase backwardData(Geometry g) {
        OpCase.Call call = (be, in) -> new Tensor[] {NnOps.conv2dBackwardData(in[0], in[1], g.spec(), g.x())};
        long n = (long) g.k() * g.r() * g.s();
        return new OpCase("conv2dBackwardData", "conv2dBackwardData " + g.label(), Set.of("conv2dBackwardData"),
                Inputs.none().symmetric("dy", g.y()).symmetric("w", g.weight()), call, List.of("dx"), (in, ref) -> {
                    double[] mag = Magnitudes.ofAbs(call, in)[0];
                    if (!winograd(g)) {
                        return new Bound[] {Bound.sum(n, mag, "K R S products")};
                    }
                    int[] y = g.y();
                    double[] magW = WinogradMagnitudes.of(Magnitudes.absValues(in[0]), g.n(), g.k(), y[2], y[3],
                            flipTranspose(Magnitudes.absValues(in[1]), g.k(), g.c()), g.c(), 2 - g.ph(), 2 - g.pw());
                    double winogradScale = g.k() + WinogradMagnitudes.TRANSFORM_ROUNDINGS + 2;
                    double[] allowed = new double[mag.length];
                    for (int i = 0; i < allowed.length; i++) {
                        allowed[i] = Math.max((n + 2) * mag[i], winogradScale * magW[i]);
                    }
                    return new Bound[] {Bound.scaled(1, allowed, "max((n + 2) sum|terms|, (K + 12) magW), n = " + n
                            + ": the input gradient as the transposed convolution, direct or Winograd F(2x2,3x3)")};
                });
    }

    /** w [k, c, 3, 3] as the transposed convolution's kernel [c, k, 3, 3], flipped in both spatial axes. */
    private static double[] flipTranspose(double[] w, int k, int c) {
        double[] t = new double[w.length];
        for (int o = 0; o < k; o++) {
            for (int i = 0; i < c; i++) {
                for (int e = 0; e < 9; e++) {
                    t[(i * k + o) * 9 + 8 - e] = w[(o * c + i) * 9 + e];
                }
            }
        }
        return t;
    }

    static OpCase backwardWeight(Geometry g) {
        OpCase.Call call = (be, in) -> new Tensor[] {NnOps.conv2dBackwardWeight(in[0], in[1], g.spec(), g.weight())};
        int[] y = g.y();
        long n = (long) g.n() * y[2] * y[3];
        return new OpCase("conv2dBackwardWeight", "conv2dBackwardWeight " + g.label(), Set.of("conv2dBackwardWeight"),
                Inputs.none().symmetric("dy", y).symmetric("x", g.x()), call, List.of("dw"),
                (in, ref) -> new Bound[] {Bound.sum(n, Magnitudes.ofAbs(call, in)[0], "N P Q products")});
    }
}
