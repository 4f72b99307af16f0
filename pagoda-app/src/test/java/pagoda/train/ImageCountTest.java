package pagoda.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageCountTest {
    @Test
    void parsesSuffixes() {
        assertEquals(300_000, ImageCount.parse("300k"));
        assertEquals(1_500_000, ImageCount.parse("1.5M"));
        assertEquals(12_000, ImageCount.parse(" 12000 "));
        assertEquals(2_500, ImageCount.parse("2.5K"));
        assertEquals(0, ImageCount.parse("0"));
    }

    @Test
    void rejectsFractionsOfImagesAndNonsense() {
        for (String bad : new String[] {"1.0005k", "-3", "3x", "", "k", "1e400"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageCount.parse(bad), bad);
            assertEquals("expected a whole number of images >= 0 such as 300k, 1.5M or 12000, got '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void formatsShortestExactly() {
        assertEquals("300k", ImageCount.format(300_000));
        assertEquals("1.5M", ImageCount.format(1_500_000));
        assertEquals("2M", ImageCount.format(2_000_000));
        assertEquals("1234", ImageCount.format(1234));
        assertEquals("1234k", ImageCount.format(1_234_000));
        assertEquals("0", ImageCount.format(0));
        for (long n : new long[] {1, 999, 1000, 25_000, 1_234_000, 1_500_000, 7_000_001}) {
            assertEquals(n, ImageCount.parse(ImageCount.format(n)), "round trip of " + n);
        }
    }

    @Test
    void approximatesToThreeDigits() {
        assertEquals("640", ImageCount.approximate(640));
        assertEquals("12.3k", ImageCount.approximate(12_345));
        assertEquals("1k", ImageCount.approximate(1_000));
        assertEquals("300k", ImageCount.approximate(299_990));
        assertEquals("1M", ImageCount.approximate(999_600));
        assertEquals("1.23M", ImageCount.approximate(1_234_567));
    }
}
