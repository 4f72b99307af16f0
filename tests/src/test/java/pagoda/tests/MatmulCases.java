package pagoda.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import pagoda.tensor.Ops;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/**
 * Matrix products through {@link Ops#matmul} (transposed operands as views, batched and broadcast batches)
 * and through {@link pagoda.tensor.Backend#matmul} for alpha and beta, which the front end does not expose.
 * Sizes hit the GEMM's edges: M not a multiple of the 6-row micro-tile, N not a multiple of 4 vectors at
 * any width (67, 130, 530 > the 512-column block), K of 1, K across the 384-deep block (389) and K = 1000.
 *
 * <p>Bound: a sum of K products per output, mag = |A| @ |B| (plus |beta c| with one more term).
 */
final class MatmulCases {
    private MatmulCases() {
    }

    /** How the operands are stored: as given, or as the transpose of what the product reads. */
    enum Orientation {
        NN, TN, NT, TT;

        String label() {
            return switch (this) {
                case NN -> "";
                case TN -> ", a a transposed view";
                case NT -> ", b a transposed view";
                case TT -> ", a and b transposed views";
            };
        }

        boolean aTransposed() {
            return this == TN || this == TT;
        }

        boolean bTransposed() {
            return this == NT || this == TT;
        }
    }

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        cases.add(product(new int[] {1, 1}, new int[] {1, 1}, Orientation.NN));
        cases.add(product(new int[] {13, 1}, new int[] {1, 67}, Orientation.NN));
        cases.add(product(new int[] {7, 5}, new int[] {5, 9}, Orientation.NN));
        cases.add(product(new int[] {12, 20}, new int[] {20, 64}, Orientation.NN));
        cases.add(product(new int[] {13, 17}, new int[] {17, 67}, Orientation.NN));
        cases.add(product(new int[] {25, 389}, new int[] {389, 130}, Orientation.NN));
        cases.add(product(new int[] {30, 1000}, new int[] {1000, 70}, Orientation.NN));
        cases.add(product(new int[] {20, 40}, new int[] {40, 530}, Orientation.NN));
        for (Orientation o : List.of(Orientation.TN, Orientation.NT, Orientation.TT)) {
            cases.add(product(new int[] {13, 17}, new int[] {17, 67}, o));
            cases.add(product(new int[] {3, 25, 389}, new int[] {3, 389, 19}, o));
        }
        cases.add(product(new int[] {3, 13, 17}, new int[] {3, 17, 11}, Orientation.NN));
        cases.add(product(new int[] {2, 1, 7, 5}, new int[] {3, 5, 9}, Orientation.NN));
        cases.add(product(new int[] {7, 5}, new int[] {4, 5, 9}, Orientation.NN));
        cases.add(product(new int[] {4, 7, 5}, new int[] {5, 9}, Orientation.NT));
        cases.add(scaled(2, 13, 17, 67, -1.5f, 0.75f));
        cases.add(scaled(1, 25, 389, 130, 0.5f, -2f));
        cases.add(scaled(2, 7, 1, 9, 2f, 0f));
        return cases;
    }

    /** a @ b with a [..., M, K] and b [..., K, N] as the product reads them. */
    static OpCase product(int[] aShape, int[] bShape, Orientation o) {
        int k = aShape[aShape.length - 1];
        String name = "matmul " + Shapes.str(aShape) + " x " + Shapes.str(bShape) + o.label();
        Inputs inputs = Inputs.none().symmetric("a", stored(aShape, o.aTransposed())).symmetric("b", stored(bShape, o.bTransposed()));
        OpCase.Call call = (be, in) -> new Tensor[] {Ops.matmul(view(in[0], o.aTransposed()), view(in[1], o.bTransposed()))};
        return new OpCase("matmul", name, Set.of("matmul"), inputs, call, List.of("c"),
                (in, ref) -> new Bound[] {Bound.sum(k, Magnitudes.ofAbs(call, in)[0], "K products")});
    }

    private static int[] stored(int[] shape, boolean transposed) {
        int[] s = shape.clone();
        if (transposed) {
            s[s.length - 1] = shape[s.length - 2];
            s[s.length - 2] = shape[s.length - 1];
        }
        return s;
    }

    private static Tensor view(Tensor t, boolean transposed) {
        return transposed ? t.transpose(-1, -2) : t;
    }

    /**
     * {@code c = alpha a @ b + beta c} through the Backend interface; with beta 0 the old c is NaN, which
     * the contract says is never read.
     */
    private static OpCase scaled(int batch, int m, int k, int n, float alpha, float beta) {
        String name = "matmul (Backend) [" + batch + ", " + m + ", " + k + "] x [" + batch + ", " + k + ", " + n
                + "] alpha " + alpha + " beta " + beta + (beta == 0 ? " over NaN c" : "");
        Inputs inputs = Inputs.none().symmetric("a", batch, m, k).symmetric("b", batch, k, n);
        inputs = beta == 0 ? inputs.constant("c", Float.NaN, batch, m, n) : inputs.symmetric("c", batch, m, n);
        return new OpCase("matmul", name, Set.of("matmul"), inputs, (be, in) -> {
            Tensor c = in[2].contiguous();
            be.matmul(in[0], in[1], alpha, beta, c);
            return new Tensor[] {c};
        }, List.of("c"), (in, ref) -> {
            double[] mag = Magnitudes.absValues(Ops.matmul(Magnitudes.abs(in[0]), Magnitudes.abs(in[1])));
            double[] c = beta == 0 ? null : Readback.values(in[2]);
            for (int i = 0; i < mag.length; i++) {
                mag[i] = Math.abs(alpha) * mag[i] + (c == null ? 0 : Math.abs(beta * c[i]));
            }
            return new Bound[] {Bound.sum(k + 1, mag, "K products and beta c")};
        });
    }
}
