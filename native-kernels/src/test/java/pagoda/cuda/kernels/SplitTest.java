package pagoda.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How conv2d's weight gradient splits its reduction across the device. */
class SplitTest {
    @Test
    void slicesFillTheDeviceWithoutSlicesShorterThan512() {
        assertEquals(264, Conv2dBackwardWeight.slices(1L << 20, 1, 132), "one tile on 132 SMs: two blocks per SM");
        assertEquals(2, Conv2dBackwardWeight.slices(1024, 1, 132), "a short reduction: slices of at least 512");
        assertEquals(1, Conv2dBackwardWeight.slices(100, 1, 132), "a reduction shorter than one slice");
        assertEquals(1, Conv2dBackwardWeight.slices(1L << 20, 400, 132), "enough tiles already");
        assertEquals(3, Conv2dBackwardWeight.slices(1L << 20, 100, 132));
    }
}
