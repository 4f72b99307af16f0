package pagoda.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Alpha compositing onto white, and grey images read from their samples. */
class OnWhiteTest {
    @Test
    void compositeIsTheRoundedBlendForEveryValueAndAlpha() {
        for (int c = 0; c < 256; c++) {
            for (int a = 0; a < 256; a++) {
                // c a / 255 + 255 - a is never exactly half an integer (2 c a is even, 255 (2k + 1) is odd), so Math.round is exact
                assertEquals(Math.round(c * a / 255.0 + 255 - a), OnWhite.composite(c, a), "c " + c + ", a " + a);
            }
        }
    }

    @Test
    void greyValuesAreTakenAsStoredNotThroughTheLinearGreyColourSpace() {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 0);
        grey.getRaster().setSample(1, 0, 0, 64);
        grey.getRaster().setSample(2, 0, 0, 200);
        ByteImage rgb = OnWhite.rgb(grey);
        assertEquals(3, rgb.channels());
        int[] want = {0, 64, 200};
        for (int x = 0; x < 3; x++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(want[x], rgb.get(c, 0, x));
            }
        }
    }

    @Test
    void sixteenBitGreyIsScaledToEightBits() {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSample(0, 0, 0, 65535);
        grey.getRaster().setSample(1, 0, 0, 257 * 100);
        ByteImage rgb = OnWhite.rgb(grey);
        assertEquals(255, rgb.get(0, 0, 0));
        assertEquals(100, rgb.get(1, 0, 1));
    }

    @Test
    void rgbPixelsPassUnchangedWhenOpaque() {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x123456);
        ByteImage rgb = OnWhite.rgb(img);
        assertEquals(0x12, rgb.get(0, 0, 0));
        assertEquals(0x34, rgb.get(1, 0, 0));
        assertEquals(0x56, rgb.get(2, 0, 0));
    }
}
