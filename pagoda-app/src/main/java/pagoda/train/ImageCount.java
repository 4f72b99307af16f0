package pagoda.train;

import java.math.BigDecimal;

/**
 * Training lengths counted in images, as EDM counts them ({@code kimg}): plain integers or a suffix
 * {@code k} (10^3) or {@code M} (10^6), so {@code 300k}, {@code 1.5M} and {@code 12000} all parse. Counting
 * images rather than steps keeps schedules (warm-up, EMA half-life, checkpoints) independent of the batch size.
 */
public final class ImageCount {
    private ImageCount() {
    }

    /**
     * Parses a count of images.
     *
     * @throws IllegalArgumentException saying what was expected when {@code text} is not a whole number of
     *         images >= 0 (for example {@code 1.0001k})
     */
    public static long parse(String text) {
        String s = text.trim();
        long scale = 1;
        if (s.endsWith("k") || s.endsWith("K")) {
            scale = 1_000;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("M") || s.endsWith("m")) {
            scale = 1_000_000;
            s = s.substring(0, s.length() - 1);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(s).multiply(BigDecimal.valueOf(scale));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected(text));
        }
        if (value.signum() < 0 || value.stripTrailingZeros().scale() > 0 || value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(expected(text));
        }
        return value.longValueExact();
    }

    /** The shortest exact form: {@code 300k}, {@code 1.5M}, {@code 1234}. */
    public static String format(long images) {
        if (images != 0 && images % 1_000 == 0) {
            if (images % 1_000_000 == 0 || images >= 1_000_000 && images % 100_000 == 0) {
                return BigDecimal.valueOf(images, 6).stripTrailingZeros().toPlainString() + "M";
            }
            return (images / 1_000) + "k";
        }
        return Long.toString(images);
    }

    /** Three significant digits for progress lines: {@code 640}, {@code 12.3k}, {@code 1.23M}. */
    public static String approximate(long images) {
        if (images < 1_000) {
            return Long.toString(images);
        }
        boolean mega = images >= 999_500;
        BigDecimal v = BigDecimal.valueOf(images, mega ? 6 : 3).round(new java.math.MathContext(3));
        return v.stripTrailingZeros().toPlainString() + (mega ? "M" : "k");
    }

    private static String expected(String text) {
        return "expected a whole number of images >= 0 such as 300k, 1.5M or 12000, got '" + text + "'";
    }
}
