package pagoda.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PIL's resize taps on cases whose weights follow from the kernel by hand. */
class ResizeTapsTest {
    private static final double EXACT = 1e-15;

    private static double[] weights(ResizeTaps taps, int i) {
        double[] w = new double[taps.size(i)];
        for (int t = 0; t < w.length; t++) {
            w[t] = taps.weight(i, t);
        }
        return w;
    }

    @ParameterizedTest
    @EnumSource(ResizeFilter.class)
    void windowsStayInsideAndWeightsSumToOne(ResizeFilter filter) {
        for (boolean antialias : new boolean[] {true, false}) {
            for (int in = 1; in <= 17; in++) {
                for (int out = 1; out <= 17; out++) {
                    ResizeTaps taps = ResizeTaps.of(in, out, filter, antialias);
                    assertEquals(out, taps.outSize());
                    double stretch = antialias && in > out ? (double) in / out : 1.0;
                    int pilKernelSize = 2 * (int) Math.ceil(filter.support() * stretch) + 1;
                    assertTrue(taps.maxSize() <= pilKernelSize, filter + " " + in + " -> " + out + ": window wider than PIL's");
                    for (int i = 0; i < out; i++) {
                        String what = filter + " antialias=" + antialias + " " + in + " -> " + out + ", pixel " + i;
                        assertTrue(taps.start(i) >= 0 && taps.start(i) + taps.size(i) <= in && taps.size(i) >= 1, what);
                        double sum = 0;
                        for (double w : weights(taps, i)) {
                            sum += w;
                        }
                        assertEquals(1.0, sum, 1e-12, what + ": weights sum to " + sum);
                    }
                }
            }
        }
    }

    @Test
    void boxShrinkingByTwoAveragesPairs() {
        ResizeTaps taps = ResizeTaps.of(8, 4, ResizeFilter.BOX, true);
        for (int i = 0; i < 4; i++) {
            assertEquals(2 * i, taps.start(i));
            assertArrayEquals(new double[] {0.5, 0.5}, weights(taps, i), EXACT);
        }
    }

    @Test
    void boxShrinkingByThreeAveragesTriples() {
        ResizeTaps taps = ResizeTaps.of(9, 3, ResizeFilter.BOX, true);
        for (int i = 0; i < 3; i++) {
            assertEquals(3 * i, taps.start(i));
            assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, weights(taps, i), EXACT);
        }
    }

    /** Without the stretch the box is one pixel wide: PIL's NEAREST, the pixel under the centre, floor((i + 0.5) in / out). */
    @Test
    void boxWithoutAntialiasingIsNearestNeighbour() {
        for (int in = 1; in <= 12; in++) {
            for (int out = 1; out <= 12; out++) {
                ResizeTaps taps = ResizeTaps.of(in, out, ResizeFilter.BOX, false);
                for (int i = 0; i < out; i++) {
                    int nearest = (int) Math.floor((i + 0.5) * in / out);
                    assertEquals(nearest, taps.start(i) + nonZeroTap(taps, i), in + " -> " + out + ", pixel " + i);
                }
            }
        }
    }

    private static int nonZeroTap(ResizeTaps taps, int i) {
        int found = -1;
        for (int t = 0; t < taps.size(i); t++) {
            if (taps.weight(i, t) != 0) {
                assertEquals(-1, found, "more than one non-zero tap");
                assertEquals(1.0, taps.weight(i, t));
                found = t;
            }
        }
        return found;
    }

    /** The triangle stretched to half-width 2 samples distances 1.5, 0.5, 0.5, 1.5 -> 1/4, 3/4, 3/4, 1/4, normalised by 2. */
    @Test
    void bilinearShrinkingByTwoIsTheOneThreeThreeOneFilter() {
        ResizeTaps taps = ResizeTaps.of(10, 5, ResizeFilter.BILINEAR, true);
        for (int i = 1; i < 4; i++) {
            assertEquals(2 * i - 1, taps.start(i));
            assertArrayEquals(new double[] {1.0 / 8, 3.0 / 8, 3.0 / 8, 1.0 / 8}, weights(taps, i), EXACT);
        }
        // at the border the tap at -1 falls away and the other three are renormalised: 3/7, 3/7, 1/7
        assertEquals(0, taps.start(0));
        assertArrayEquals(new double[] {3.0 / 7, 3.0 / 7, 1.0 / 7}, weights(taps, 0), EXACT);
    }

    /** Output pixel 2m + 1 is centred at m + 0.75: 3/4 of pixel m, 1/4 of pixel m + 1 (align_corners=False). */
    @Test
    void bilinearEnlargingByTwoInterpolatesAtQuarterPixels() {
        ResizeTaps taps = ResizeTaps.of(5, 10, ResizeFilter.BILINEAR, true);
        for (int m = 1; m < 4; m++) {
            int even = 2 * m;
            int odd = 2 * m + 1;
            assertEquals(m - 1, taps.start(even));
            assertArrayEquals(new double[] {0.25, 0.75}, weights(taps, even), EXACT);
            assertEquals(m, taps.start(odd));
            assertArrayEquals(new double[] {0.75, 0.25}, weights(taps, odd), EXACT);
        }
    }

    @ParameterizedTest
    @EnumSource(ResizeFilter.class)
    void equalSizesAreTheIdentity(ResizeFilter filter) {
        ResizeTaps taps = ResizeTaps.of(6, 6, filter, true);
        for (int i = 0; i < 6; i++) {
            for (int t = 0; t < taps.size(i); t++) {
                assertEquals(taps.start(i) + t == i ? 1.0 : 0.0, taps.weight(i, t), EXACT, "pixel " + i + " tap " + t);
            }
        }
    }

    @Test
    void badSizesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResizeTaps.of(0, 4, ResizeFilter.BOX, true));
        assertTrue(e.getMessage().contains("resize") && e.getMessage().contains("0 -> 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResizeTaps.of(4, -1, ResizeFilter.BICUBIC, false));
    }
}
