package pagoda.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static pagoda.tensor.TensorViewTest.arange;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The op front ends on the reference backend: concatenation, reductions, broadcasting sums and matmul. */
class OpsFrontEndTest {
    private static final Backend REF = Backends.reference();

    private static Tensor random(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[(int) Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return Tensor.ofDoubles(REF, v, shape);
    }

    @ParameterizedTest(name = "axis {0}")
    @ValueSource(ints = {0, 1, 2, -1})
    void catOfSplitRestoresTheTensor(int axis) {
        Tensor x = arange(4, 5, 6);
        int size = x.size(axis);
        Tensor[] parts = Ops.split(x, axis, 1, size - 3, 2);
        assertEquals(3, parts.length);
        assertEquals(size - 3, parts[1].size(axis));
        assertSame(x.storage(), parts[1].storage(), "split gives views");
        assertArrayEquals(x.toDoubleArray(), Ops.cat(axis, parts).toDoubleArray());
    }

    @Test
    void catPlacesPartsAlongTheAxis() {
        Tensor a = arange(2, 2);
        Tensor b = Ops.add(arange(2, 1), 10);
        assertArrayEquals(new double[] {0, 1, 10, 2, 3, 11}, Ops.cat(1, a, b).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 2, 3, 0, 1, 2, 3}, Ops.cat(0, a, a).toDoubleArray());
    }

    @Test
    void reductionsOverAxes() {
        Tensor x = arange(2, 3, 4);
        // element (i, j, k) is 12i + 4j + k; summed over i < 2 and k < 4: 4 * 12 + 8 * 4j + 2 * 6 = 32j + 60
        assertArrayEquals(new double[] {60, 92, 124}, Ops.sum(x, 0, 2).toDoubleArray());
        assertArrayEquals(new int[] {1, 3, 1}, Ops.reduce(ReduceOp.SUM, x, 0, true, 2, 0).shape());
        assertEquals(276, Ops.sum(x).item());
        assertArrayEquals(new double[] {1.5, 5.5, 9.5, 13.5, 17.5, 21.5}, Ops.mean(x, -1).toDoubleArray());
        assertArrayEquals(new double[] {20, 21, 22, 23}, Ops.max(x, 0, 1).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 2, 3},
                Ops.reduce(ReduceOp.MIN, x, 0, false, 0, 1).toDoubleArray());
        // rows k, k+4, k+8 differ by 4: population variance 32/3, unbiased 16
        assertArrayEquals(new double[] {32.0 / 3, 32.0 / 3, 32.0 / 3, 32.0 / 3},
                Ops.var(x.select(0, 0), 0, 0).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {16, 16, 16, 16}, Ops.var(x.select(0, 1), 1, 0).toDoubleArray(), 1e-12);
    }

    @Test
    void sumToShapeUndoesBroadcasting() {
        Tensor x = arange(2, 3, 4);
        assertArrayEquals(new double[] {60, 92, 124}, Ops.sumToShape(x, new int[] {3, 1}).toDoubleArray());
        assertArrayEquals(new double[] {12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34},
                Ops.sumToShape(x, new int[] {3, 4}).toDoubleArray());
        assertArrayEquals(new int[] {1, 1, 4}, Ops.sumToShape(x, new int[] {1, 1, 4}).shape());
        assertSame(x, Ops.sumToShape(x, new int[] {2, 3, 4}));
    }

    /** c[n, b, i, j] = sum_k a[n, 0, i, k] bt[b, j, k] against the same sum written out. */
    @Test
    void matmulBroadcastsBatchDimensionsAndReadsTransposedViews() {
        Tensor a = random(1, 2, 1, 3, 4);
        Tensor bt = random(2, 3, 5, 4);
        Tensor c = Ops.matmul(a, bt.transpose(-1, -2));
        assertArrayEquals(new int[] {2, 3, 3, 5}, c.shape());
        double[] av = a.toDoubleArray();
        double[] bv = bt.toDoubleArray();
        double[] cv = c.toDoubleArray();
        for (int n = 0; n < 2; n++) {
            for (int b = 0; b < 3; b++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 5; j++) {
                        double s = 0;
                        for (int k = 0; k < 4; k++) {
                            s += av[(n * 3 + i) * 4 + k] * bv[(b * 5 + j) * 4 + k];
                        }
                        assertEquals(s, cv[((n * 3 + b) * 3 + i) * 5 + j], 1e-14);
                    }
                }
            }
        }
    }

    @Test
    void matmulOfTwoByTwo() {
        Tensor a = Tensor.of(REF, new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(REF, new float[] {5, 6, 7, 8}, 2, 2);
        assertArrayEquals(new double[] {19, 22, 43, 50}, Ops.matmul(a, b).toDoubleArray());
        assertArrayEquals(new double[] {26, 30, 38, 44}, Ops.matmul(a.transpose(0, 1), b).toDoubleArray());
        assertArrayEquals(new double[] {17, 23, 39, 53}, Ops.matmul(a, b.transpose(0, 1)).toDoubleArray());
    }

    @Test
    void binaryOpsBroadcast() {
        Tensor col = arange(3, 1);
        Tensor row = Ops.mul(arange(4), 10);
        assertArrayEquals(new double[] {0, 10, 20, 30, 1, 11, 21, 31, 2, 12, 22, 32}, Ops.add(col, row).toDoubleArray());
    }

    @Test
    void randomFrontEndsFillTheShape() {
        Tensor u = Ops.uniform(REF, 3, 0, -2f, 2f, 4, 5);
        assertArrayEquals(new int[] {4, 5}, u.shape());
        for (double v : u.toDoubleArray()) {
            assertEquals(0, v, 2, "uniform draw in [-2, 2)");
        }
        assertArrayEquals(Ops.uniform(REF, 3, 5, -2f, 2f, 15).toDoubleArray(),
                u.reshape(20).slice(0, 5, 20).toDoubleArray(), "the offset selects draws of the same stream");
        assertArrayEquals(new double[] {2.5, 2.5, 2.5}, Ops.full(REF, 2.5f, 3).toDoubleArray());
    }
}
