package pagoda.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static pagoda.tensor.cpu.Fixtures.EPS;
import static pagoda.tensor.cpu.Fixtures.tensor;
import static pagoda.tensor.cpu.Fixtures.uniform;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pagoda.tensor.Ops;
import pagoda.tensor.ReduceOp;
import pagoda.tensor.Tensor;

/**
 * Reductions over row-form and column-form axis sets, short and long, against double sums in the test.
 * Sums are held to a normalised error |got - want| / (EPS sum |x|) that grows with log2 of the length;
 * MAX and MIN are exact.
 */
class ReduceTest {
    private static final CpuBackend CPU = new CpuBackend(2);

    @AfterAll
    static void close() {
        CPU.close();
    }

    static Stream<Object[]> cases() {
        return Stream.of(
                new Object[] {new int[] {5, 6, 7, 9}, new int[] {3}},
                new Object[] {new int[] {5, 6, 7, 9}, new int[] {0}},
                new Object[] {new int[] {5, 6, 7, 9}, new int[] {1, 2}},
                new Object[] {new int[] {5, 6, 7, 9}, new int[] {0, 2, 3}},
                new Object[] {new int[] {5, 6, 7, 9}, new int[] {1, 2, 3}},
                new Object[] {new int[] {5, 6, 7, 9}, new int[] {0, 2}},
                new Object[] {new int[] {5, 6, 7, 9}, new int[] {0, 1, 2, 3}},
                new Object[] {new int[] {5, 1, 7, 1}, new int[] {1, 3}},
                new Object[] {new int[] {3, 70_001}, new int[] {1}},
                new Object[] {new int[] {1, 150_001}, new int[] {0, 1}},
                new Object[] {new int[] {9_001, 3}, new int[] {0}},
                new Object[] {new int[] {2, 3_001, 1_030}, new int[] {1}},
                new Object[] {new int[] {40, 3, 2}, new int[] {2}});
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyOpMatchesDouble(int[] shape, int[] axes) {
        float[] x = uniform(Arrays.hashCode(shape) * 31L + Arrays.hashCode(axes), Fixtures.numel(shape), -1, 1);
        Tensor t = tensor(CPU, x, shape);
        for (ReduceOp op : ReduceOp.values()) {
            float p0 = op == ReduceOp.VAR ? 1 : 0;
            float[] got = Ops.reduce(op, t, p0, true, axes).toFloatArray();
            check(op + " " + Arrays.toString(shape) + " over " + Arrays.toString(axes), op, p0, x, shape, axes, got);
        }
    }

    @Test
    void varianceIsRobustToALargeMean() {
        float[] x = uniform(41, 20_000, -1, 1);
        for (int i = 0; i < x.length; i++) {
            x[i] += 1e4f;
        }
        float[] got = Ops.reduce(ReduceOp.VAR, tensor(CPU, x, 4, 5_000), 0, true, 1).toFloatArray();
        check("VAR around 1e4", ReduceOp.VAR, 0, x, new int[] {4, 5_000}, new int[] {1}, got);
    }

    @Test
    void emptySumIsZero() {
        Tensor t = Tensor.zeros(CPU, 3, 0, 4);
        assertArrayEquals(new float[12], Ops.reduce(ReduceOp.SUM, t, 0, true, 1).toFloatArray());
    }

    /** Groups the elements of x by output index and compares each output with its double value. */
    private static void check(String what, ReduceOp op, float p0, float[] x, int[] shape, int[] axes, float[] got) {
        boolean[] reduced = new boolean[shape.length];
        for (int a : axes) {
            reduced[a] = true;
        }
        int outN = got.length;
        int n = x.length / outN;
        double[][] groups = new double[outN][n];
        int[] filled = new int[outN];
        int[] index = new int[shape.length];
        for (int i = 0; i < x.length; i++) {
            int o = 0;
            for (int d = 0; d < shape.length; d++) {
                o = o * (reduced[d] ? 1 : shape[d]) + (reduced[d] ? 0 : index[d]);
            }
            groups[o][filled[o]++] = x[i];
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        double tol = 2 + Math.log(n + 1) / Math.log(2);
        for (int o = 0; o < outN; o++) {
            double[] g = groups[o];
            double sum = 0;
            double abs = 0;
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            for (double v : g) {
                sum += v;
                abs += Math.abs(v);
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
            double mean = sum / n;
            double sq = 0;
            for (double v : g) {
                sq += (v - mean) * (v - mean);
            }
            double want;
            double scale;
            switch (op) {
                case SUM -> { want = sum; scale = abs; }
                case MEAN -> { want = mean; scale = abs / n; }
                case MAX -> { want = max; scale = 0; }
                case MIN -> { want = min; scale = 0; }
                default -> { want = sq / (n - p0); scale = want; }
            }
            if (Double.isNaN(want)) {
                if (!Float.isNaN(got[o])) {
                    fail(what + ": output " + o + " is " + got[o] + ", expected NaN");
                }
                continue;
            }
            double err = Math.abs(got[o] - want);
            double allowed = scale == 0 ? 0 : EPS * (tol * scale + Math.abs(want));
            if (scale == 0 ? got[o] != (float) want : !(err <= allowed)) {
                fail(what + ": output " + o + " is " + got[o] + ", expected " + want + " (error " + err
                        + ", allowed " + allowed + ")");
            }
        }
    }
}
