package pagoda.data;

import java.util.Locale;

/** Which part of a data set to use: the training part, the held-out evaluation part, or both. */
public enum Split {
    TRAIN,
    TEST,
    ALL;

    /** Whether an image in the held-out part ({@code test}) belongs to this split. */
    public boolean admits(boolean test) {
        return this == ALL || (this == TEST) == test;
    }

    /** {@code train}, {@code test} or {@code all}, case-insensitive; anything else is an error listing those. */
    public static Split parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("split '" + s + "' is not one of train, test, all", e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
