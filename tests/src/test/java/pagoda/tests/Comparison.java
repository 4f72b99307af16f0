package pagoda.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pagoda.tensor.Shapes;

/**
 * One output of a backend against the twin under a {@link Bound}: finds the worst element and the first
 * ones outside the tolerance, and words a failure so that it can be acted on without a debugger.
 */
final class Comparison {
    /** How many mismatches a failure lists after the worst one. */
    private static final int LISTED = 5;

    private Comparison() {
    }

    /**
     * Null when every element of {@code got} is within {@code bound} of {@code want}; otherwise the
     * failure's description: the output, the worst element (index, both values, normalised error,
     * tolerance), how many elements are off, the rule and the first mismatches.
     */
    static String check(String output, int[] shape, double[] got, double[] want, Bound bound) {
        int worst = -1;
        double worstError = -1;
        int bad = 0;
        List<Integer> first = new ArrayList<>();
        for (int i = 0; i < want.length; i++) {
            double e = bound.normalisedError(i, got[i], want[i]);
            if (!(e <= bound.tolerance())) {
                bad++;
                if (first.size() < LISTED) {
                    first.add(i);
                }
            }
            if (e > worstError) {
                worst = i;
                worstError = e;
            }
        }
        if (bad == 0) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        s.append("output '").append(output).append("' ").append(Shapes.str(shape)).append(": ").append(bad)
                .append(" of ").append(want.length).append(" elements outside the tolerance\n");
        s.append("  worst ").append(element(worst, shape, got, want, bound)).append('\n');
        s.append("  rule: ").append(bound.rule()).append('\n');
        s.append("  first mismatches:");
        for (int i : first) {
            s.append("\n    ").append(element(i, shape, got, want, bound));
        }
        return s.toString();
    }

    private static String element(int i, int[] shape, double[] got, double[] want, Bound bound) {
        double e = bound.normalisedError(i, got[i], want[i]);
        return String.format(Locale.ROOT, "%s (flat %d): got %s, twin %s, |err| %.3g, normalised error %.3g, tolerance %s",
                coordinates(i, shape), i, (float) got[i], want[i], Math.abs(got[i] - want[i]), e, bound.tolerance());
    }

    /** The coordinates of row-major element i of a tensor of this shape. */
    static String coordinates(int i, int[] shape) {
        int[] c = new int[shape.length];
        int rest = i;
        for (int d = shape.length - 1; d >= 0; d--) {
            c[d] = rest % Math.max(shape[d], 1);
            rest /= Math.max(shape[d], 1);
        }
        return Shapes.str(c);
    }
}
