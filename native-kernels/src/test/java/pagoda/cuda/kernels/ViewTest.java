package pagoda.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Merging dimensions keeps the row-major order of every view: checked element by element against the unmerged index. */
class ViewTest {

    /** common.cuh's view_at: the storage index of row-major element {@code linear}. */
    private static long at(long[] shape, long[] strides, long offset, long linear) {
        long a = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            a += (linear % shape[d]) * strides[d];
            linear /= shape[d];
        }
        return a;
    }

    private static long[] widen(int[] s) {
        long[] l = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            l[i] = s[i];
        }
        return l;
    }

    private static void assertSameElements(int[] shape, long[]... strides) {
        View.Merged m = View.merge(shape, strides);
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        for (int v = 0; v < strides.length; v++) {
            for (long e = 0; e < n; e++) {
                assertEquals(at(widen(shape), strides[v], 0, e), at(m.shape(), m.strides()[v], 0, e), "view " + v + " element " + e);
            }
        }
    }

    @Test
    void contiguousCollapsesToOneDimension() {
        View.Merged m = View.merge(new int[] {2, 3, 4}, View.contiguous(new int[] {2, 3, 4}));
        assertArrayEquals(new long[] {24}, m.shape());
        assertTrue(m.contiguous(0));
    }

    @Test
    void transposeBroadcastAndSizeOneDimensionsKeepTheirOrder() {
        int[] shape = {3, 1, 4, 5};
        assertSameElements(shape, new long[] {20, 99, 5, 1}, new long[] {0, 0, 1, 4}, View.contiguous(shape));
        assertSameElements(new int[] {4, 6}, new long[] {1, 4}, new long[] {6, 1});
        assertSameElements(new int[] {2, 3, 2}, new long[] {12, 2, 1}, new long[] {0, 1, 0});
    }

    @Test
    void scalarHasRankZero() {
        View.Merged m = View.merge(new int[] {1, 1}, new long[] {1, 1});
        assertEquals(0, m.rank());
        assertEquals(0, m.struct(0, 7)[0]);
        assertEquals(7, m.struct(0, 7)[1]);
    }

    @Test
    void structIsLaidOutAsTheCudaStruct() {
        long[] s = View.merge(new int[] {2, 3}, new long[] {1, 2}).struct(0, 5);
        assertEquals(2 + 2 * View.MAX_RANK, s.length);
        assertArrayEquals(new long[] {2, 5, 2, 3, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0}, s);
    }

    @Test
    void tooManyUnmergeableDimensionsAreRefused() {
        int[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        long[] strides = {1000, 300, 90, 27, 9, 4, 3, 7, 1};
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> View.merge(shape, strides).struct(0, 0));
        assertTrue(e.getMessage().contains("9 dimensions"), e.getMessage());
    }
}
