package pagoda.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Views (reshape, permute, transpose, slice, select, broadcast, unsqueeze, squeeze) and copies on the
 * reference backend. Expected values come from index arithmetic on {@code arange}: element (i, j, k) of
 * an arange of shape [A, B, C] holds (i B + j) C + k.
 */
class TensorViewTest {
    private static final Backend REF = Backends.reference();

    static Tensor arange(int... shape) {
        double[] v = new double[(int) Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return Tensor.ofDoubles(REF, v, shape);
    }

    @Test
    void reshapeOfAContiguousTensorIsAView() {
        Tensor x = arange(2, 3, 4);
        Tensor r = x.reshape(4, -1);
        assertArrayEquals(new int[] {4, 6}, r.shape());
        assertSame(x.storage(), r.storage());
        assertArrayEquals(x.toDoubleArray(), r.toDoubleArray());
        assertArrayEquals(new int[] {2, 12}, x.reshape(-1, 12).shape());
        assertArrayEquals(new int[] {24}, x.reshape(-1).shape());
    }

    @Test
    void reshapeOfAStridedTensorCopies() {
        Tensor x = arange(2, 3);
        Tensor t = x.transpose(0, 1);
        assertFalse(t.isContiguous());
        Tensor r = t.reshape(6);
        assertNotSame(x.storage(), r.storage());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, r.toDoubleArray());
    }

    @Test
    void permuteReordersDimensions() {
        Tensor x = arange(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        double[] v = p.toDoubleArray();
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals((i * 3 + j) * 4 + k, v[(k * 2 + i) * 3 + j]);
                }
            }
        }
    }

    @Test
    void transposeSwapsTwoAxes() {
        Tensor x = arange(2, 3, 4);
        Tensor t = x.transpose(-1, 0);
        assertArrayEquals(new int[] {4, 3, 2}, t.shape());
        double[] v = t.toDoubleArray();
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < 3; j++) {
                for (int i = 0; i < 2; i++) {
                    assertEquals((i * 3 + j) * 4 + k, v[(k * 3 + j) * 2 + i]);
                }
            }
        }
    }

    @Test
    void sliceWithStepAndSelect() {
        Tensor x = arange(3, 10);
        Tensor s = x.slice(1, 1, 8, 3);
        assertArrayEquals(new int[] {3, 3}, s.shape());
        assertArrayEquals(new double[] {1, 4, 7, 11, 14, 17, 21, 24, 27}, s.toDoubleArray());
        assertArrayEquals(new double[] {20, 21, 22, 23, 24, 25, 26, 27, 28, 29}, x.select(0, 2).toDoubleArray());
        assertArrayEquals(new double[] {4, 14, 24}, x.select(-1, 4).toDoubleArray());
        assertArrayEquals(new double[] {11, 14, 17}, s.select(0, 1).toDoubleArray());
        assertEquals(0, x.slice(1, 5, 5).numel());
    }

    @Test
    void broadcastToRepeatsWithStrideZero() {
        Tensor x = arange(3, 1);
        Tensor b = x.broadcastTo(2, 3, 4);
        assertArrayEquals(new long[] {0, 1, 0}, b.strides());
        assertSame(x.storage(), b.storage());
        double[] v = b.toDoubleArray();
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(i, v[(n * 3 + i) * 4 + j]);
                }
            }
        }
    }

    @Test
    void unsqueezeAndSqueeze() {
        Tensor x = arange(2, 3);
        assertArrayEquals(new int[] {1, 2, 3}, x.unsqueeze(0).shape());
        assertArrayEquals(new int[] {2, 1, 3}, x.unsqueeze(1).shape());
        assertArrayEquals(new int[] {2, 3, 1}, x.unsqueeze(2).shape());
        assertArrayEquals(new int[] {2, 3, 1}, x.unsqueeze(-1).shape());
        assertArrayEquals(x.toDoubleArray(), x.unsqueeze(1).toDoubleArray());
        assertTrue(x.unsqueeze(1).isContiguous());
        assertArrayEquals(new int[] {2, 3}, x.unsqueeze(1).squeeze(1).shape());
        assertArrayEquals(x.toDoubleArray(), x.unsqueeze(2).squeeze(-1).toDoubleArray());
    }

    @Test
    void contiguousAndCopy() {
        Tensor x = arange(2, 3);
        assertSame(x, x.contiguous());
        Tensor t = x.transpose(0, 1);
        Tensor c = t.contiguous();
        assertTrue(c.isContiguous());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, c.toDoubleArray());
        Tensor copy = x.copy();
        assertNotSame(x.storage(), copy.storage());
        REF.fill(copy, 7f);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, x.toDoubleArray(), "a copy shares nothing");
    }

    @Test
    void emptyTensorsAreContiguous() {
        assertTrue(Tensor.zeros(REF, 3, 0).isContiguous());
        assertTrue(Tensor.zeros(REF, 0, 3).isContiguous());
        assertEquals(0, Tensor.zeros(REF, 3, 0).reshape(0, 5).numel());
    }

    @Test
    void fillAndCopyWriteThroughStridedViews() {
        Tensor x = Tensor.zeros(REF, 4, 5);
        REF.fill(x.slice(1, 1, 5, 2), 2f);
        REF.copy(arange(2, 5).select(0, 1), x.select(0, 3));
        assertArrayEquals(new double[] {
                0, 2, 0, 2, 0,
                0, 2, 0, 2, 0,
                0, 2, 0, 2, 0,
                5, 6, 7, 8, 9}, x.toDoubleArray());
    }

    @Test
    void viewsWithNegativeStridesAndOffsets() {
        Tensor x = arange(6);
        Tensor reversed = Tensor.view(x.storage(), new int[] {2, 3}, new long[] {-3, -1}, 5);
        assertArrayEquals(new double[] {5, 4, 3, 2, 1, 0}, reversed.toDoubleArray());
        assertArrayEquals(new double[] {5, 5, 5, 5, 5, 5}, Ops.add(reversed, x.reshape(2, 3)).toDoubleArray());
        Tensor middle = Tensor.view(x.storage(), new int[] {2, 2}, new long[] {2, 1}, 1);
        assertArrayEquals(new double[] {1, 2, 3, 4}, middle.toDoubleArray());
    }

    @Test
    void transfersKeepDoublesAndRoundOnDownload() {
        Tensor d = Tensor.ofDoubles(REF, new double[] {0.1, 1e-50}, 2);
        assertArrayEquals(new double[] {0.1, 1e-50}, d.toDoubleArray(), "uploadDoubles keeps every double");
        assertArrayEquals(new float[] {0.1f, 0f}, d.toFloatArray(), "download rounds to float");
        Tensor f = Tensor.of(REF, new float[] {0.1f, -3.5f}, 2);
        assertArrayEquals(new double[] {0.1f, -3.5f}, f.toDoubleArray(), "upload widens floats exactly");
        assertEquals(-3.5f, f.select(0, 1).item());
    }
}
