package pagoda.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

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
