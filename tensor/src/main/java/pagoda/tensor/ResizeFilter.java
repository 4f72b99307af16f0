package pagoda.tensor;

/**
 * Interpolation kernels for image resizing, with the semantics of PIL's {@code Image.resize}: pixel
 * centres at half-integers, and when shrinking the kernel is stretched by the scale factor
 * (antialiasing), weights normalised per output pixel.
 */
public enum ResizeFilter {
    /**
     * box of width 1 (area averaging when shrinking), 1 on (-1/2, 1/2] as Pillow's {@code box_filter}: the
     * resize window (Pillow's {@code precompute_coeffs}) rounds its ends so that exactly the offsets in that
     * half-open interval fall inside; the other half-open interval leaves some windows without any weight.
     */
    BOX(0.5),
    /** triangle, support 1 */
    BILINEAR(1.0),
    /** Keys cubic with a = -0.5 (PIL's BICUBIC), support 2 */
    BICUBIC(2.0);

    private final double support;

    ResizeFilter(double support) {
        this.support = support;
    }

    /** Half-width of the kernel at scale 1, in input pixels. */
    public double support() {
        return support;
    }

    /** The kernel value at distance {@code x} (in input pixels at scale 1). */
    public double weight(double x) {
        double ax = Math.abs(x);
        return switch (this) {
            case BOX -> (x > -0.5 && x <= 0.5) ? 1.0 : 0.0;
            case BILINEAR -> ax < 1.0 ? 1.0 - ax : 0.0;
            case BICUBIC -> {
                final double a = -0.5;
                if (ax < 1.0) {
                    yield ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1.0;
                } else if (ax < 2.0) {
                    yield (((ax - 5.0) * ax + 8.0) * ax - 4.0) * a;
                }
                yield 0.0;
            }
        };
    }
}
