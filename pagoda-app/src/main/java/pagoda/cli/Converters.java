package pagoda.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import pagoda.train.ImageCount;

/** Option converters whose messages say what was expected; picocli prefixes them with the option's name. */
final class Converters {
    private Converters() {
    }

    /** An integer >= 1 (sizes, thread counts, repetitions). */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 1, "a positive integer");
        }
    }

    /** An integer >= 0 (padding, milliseconds). */
    static final class NonNegativeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 0, "an integer >= 0");
        }
    }

    /** A finite number > 0 (GFLOP/s). */
    static final class PositiveNumber implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d;
            try {
                d = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                d = Double.NaN;
            }
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new TypeConversionException("expected a positive number, got '" + value + "'");
            }
            return d;
        }
    }

    /** A finite number >= 0 (gradient-norm limits). */
    static final class NonNegativeNumber implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d = number(value);
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new TypeConversionException("expected a number >= 0, got '" + value + "'");
            }
            return d;
        }
    }

    /** A probability in [0, 1). */
    static final class Probability implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d = number(value);
            if (!(d >= 0 && d < 1)) {
                throw new TypeConversionException("expected a probability in [0, 1), got '" + value + "'");
            }
            return d;
        }
    }

    /** A count of images >= 0: 300k, 1.5M, 12000 ({@link ImageCount}). */
    static final class Images implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return ImageCount.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A count of images >= 1. */
    static final class PositiveImages implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long n = new Images().convert(value);
            if (n < 1) {
                throw new TypeConversionException("expected at least one image, got '" + value + "'");
            }
            return n;
        }
    }

    private static double number(String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static int atLeast(String value, int min, String expected) {
        int i;
        try {
            i = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expected " + expected + ", got '" + value + "'");
        }
        if (i < min) {
            throw new TypeConversionException("expected " + expected + ", got '" + value + "'");
        }
        return i;
    }
}
