package pagoda.train;

import java.util.Map;
import pagoda.autograd.Parameter;
import pagoda.tensor.Tensor;

/** Finds the tensors that hold NaN or infinities, to name them when a training step goes wrong. */
public final class NonFinite {
    private NonFinite() {
    }

    /** What a tensor holds that is not finite, or null when every element is finite. */
    public static String describe(Tensor t) {
        float[] v = t.toFloatArray();
        int nan = 0;
        int inf = 0;
        for (float x : v) {
            if (Float.isNaN(x)) {
                nan++;
            } else if (Float.isInfinite(x)) {
                inf++;
            }
        }
        if (nan == 0 && inf == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        if (nan > 0) {
            sb.append(nan).append(" NaN");
        }
        if (inf > 0) {
            sb.append(nan > 0 ? " and " : "").append(inf).append(" infinite");
        }
        return sb.append(" of ").append(v.length).append(" elements").toString();
    }

    /** The first parameter (in registration order) whose gradient is not finite, or null. */
    public static String firstGradient(Map<String, Parameter> parameters) {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Tensor g = e.getValue().grad();
            if (g != null && describe(g) != null) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The first parameter whose value is not finite, or null. */
    public static String firstValue(Map<String, Parameter> parameters) {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            if (describe(e.getValue().value()) != null) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The parameter with the largest gradient magnitude, as {@code name (max |g| = x)}. */
    public static String largestGradient(Map<String, Parameter> parameters) {
        String best = null;
        double bestMax = -1;
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Tensor g = e.getValue().grad();
            if (g == null) {
                continue;
            }
            for (float x : g.toFloatArray()) {
                if (Math.abs(x) > bestMax) {
                    bestMax = Math.abs(x);
                    best = e.getKey();
                }
            }
        }
        return best + " (max |g| = " + bestMax + ")";
    }
}
