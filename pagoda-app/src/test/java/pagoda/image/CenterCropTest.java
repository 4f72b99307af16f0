package pagoda.image;

import java.util.Arrays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.ResizeTaps;

/** Properties of the reference resize pipeline and of its PIL arithmetic. */
class CenterCropTest {
    private static ByteImage pattern(int c, int h, int w, int salt) {
        ByteImage img = ByteImage.zeros(c, h, w);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    img.set(ch, y, x, (x * 37 + y * 101 + ch * 59 + salt * x * y) & 0xFF);
                }
            }
        }
        return img;
    }

    private static ByteImage constant(int c, int h, int w, int v) {
        ByteImage img = ByteImage.zeros(c, h, w);
        Arrays.fill(img.data(), (byte) v);
        return img;
    }

    private static final int[][] SIZES = {{128, 136}, {28, 28}, {5, 9}, {137, 99}, {41, 300}, {257, 129}, {17, 17}, {64, 64}, {1, 3}};
    private static final int[] RESOLUTIONS = {1, 4, 7, 16, 32, 64};

    @Test
    void aConstantImageStaysConstantAtEveryResolution() {
        for (int[] s : SIZES) {
            for (int r : RESOLUTIONS) {
                for (int v : new int[] {0, 1, 128, 254, 255}) {
                    assertEquals(constant(3, r, r, v), CenterCrop.toResolution(constant(3, s[0], s[1], v), r),
                            s[0] + "x" + s[1] + " -> " + r + " of value " + v);
                }
            }
        }
    }

    @Test
    void outputIsRByRWithTheSourceChannels() {
        for (int[] s : SIZES) {
            for (int r : RESOLUTIONS) {
                ByteImage out = CenterCrop.toResolution(pattern(1, s[0], s[1], 3), r);
                assertEquals(1, out.channels());
                assertEquals(r, out.height());
                assertEquals(r, out.width());
            }
        }
    }

    @Test
    void halvesWhileTheShortSideIsAtLeastTwiceR() {
        assertEquals(3, CenterCrop.halvings(128, 128, 16));
        assertEquals(3, CenterCrop.halvings(128, 136, 16));
        assertEquals(2, CenterCrop.halvings(127, 136, 16));
        assertEquals(0, CenterCrop.halvings(128, 128, 128));
        assertEquals(1, CenterCrop.halvings(64, 1000, 32));
        assertEquals(0, CenterCrop.halvings(63, 1000, 32));
        assertEquals(0, CenterCrop.halvings(28, 28, 16));
    }

    @Test
    void thePipelineIsBoxHalvingThenBicubicThenTheCentreWindow() {
        ByteImage img = pattern(3, 137, 99, 5);
        ByteImage manual = img;
        for (int k = 0; k < CenterCrop.halvings(137, 99, 16); k++) {
            manual = PilResize.resize(manual, manual.height() / 2, manual.width() / 2, ResizeFilter.BOX);
        }
        assertEquals(34, manual.height());
        assertEquals(24, manual.width());
        // short side 24 -> 16: the long side becomes round(34 * 16 / 24) = round(22.67) = 23
        manual = PilResize.resize(manual, 23, 16, ResizeFilter.BICUBIC).crop(3, 0, 16, 16);
        assertEquals(manual, CenterCrop.toResolution(img, 16));
    }

    @Test
    void pythonRoundingOfTheLongSideIsHalfToEven() {
        // 4 x 6 to R = 3: the long side is 6 * 3 / 4 = 4.5, which Python's round takes to 4 (Math.round would give 5)
        ByteImage img = pattern(1, 4, 6, 1);
        ByteImage manual = PilResize.resize(img, 3, 4, ResizeFilter.BICUBIC).crop(0, 0, 3, 3);
        assertEquals(manual, CenterCrop.toResolution(img, 3));
    }

    @Test
    void pilRoundsBetweenTheTwoPasses() {
        ByteImage img = new ByteImage(1, 2, 2, new byte[] {0, 1, 0, 0});
        // horizontal: (0 + 1) / 2 = 0.5 rounds up to 1 and (0 + 0) / 2 = 0; vertical: (1 + 0) / 2 rounds up to 1
        assertEquals(1, PilResize.resize(img, 1, 1, ResizeFilter.BOX).get(0, 0, 0));
    }

    @Test
    void aSameSizeResizeIsACopy() {
        ByteImage img = pattern(3, 9, 13, 2);
        ByteImage out = PilResize.resize(img, 9, 13, ResizeFilter.BICUBIC);
        assertEquals(img, out);
        out.set(0, 0, 0, img.get(0, 0, 0) ^ 1);
        assertNotEquals(img, out, "the copy does not share the input's pixels");
    }

    @Test
    void pilTapsBeforeRoundingAreTheTensorLayersResizeTaps() {
        for (ResizeFilter f : new ResizeFilter[] {ResizeFilter.BOX, ResizeFilter.BICUBIC}) {
            for (int in : new int[] {1, 2, 5, 9, 16, 28, 33, 136}) {
                for (int out : new int[] {1, 2, 3, 8, 16, 17, 32, 64}) {
                    PilTaps pil = PilTaps.of(in, out, f);
                    ResizeTaps ref = ResizeTaps.of(in, out, f, true);
                    for (int i = 0; i < out; i++) {
                        String where = f + " " + in + " -> " + out + ", output " + i;
                        assertEquals(ref.start(i), pil.start(i), where);
                        assertEquals(ref.size(i), pil.size(i), where);
                        int sum = 0;
                        for (int t = 0; t < pil.size(i); t++) {
                            // the two differ only in the rounding of the kernel argument (product vs quotient): a few ulps
                            assertEquals(ref.weight(i, t), pil.weight(i, t), 1e-14, where);
                            sum += pil.fixedWeight(i, t);
                        }
                        // each fixed weight is off by at most half a unit, so the sum is within size/2 of 2^22
                        assertEquals(1 << PilTaps.PRECISION_BITS, sum, pil.size(i) / 2.0, where);
                    }
                }
            }
        }
    }

    @Test
    void flipIsAnInvolutionThatReversesColumns() {
        ByteImage img = pattern(3, 5, 7, 4);
        ByteImage f = img.flipHorizontal();
        assertNotEquals(img, f);
        assertEquals(img, f.flipHorizontal());
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 7; x++) {
                    assertEquals(img.get(c, y, x), f.get(c, y, 6 - x));
                }
            }
        }
    }

    @Test
    void aNonPositiveResolutionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> CenterCrop.toResolution(pattern(1, 4, 4, 0), 0));
    }
}
