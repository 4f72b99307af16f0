package pagoda.classify;

import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.tensor.io.JsonFields;

/**
 * A classifier's network, as {@code classifier.json} holds it.
 *
 * @param channels image channels C
 * @param resolution image side R (a multiple of 4: two 2x poolings)
 * @param classes K
 * @param width channels of the first convolution (then 2 width, 4 width)
 */
public record ClassifierConfig(int channels, int resolution, int classes, int width) {
    public static final String FORMAT = "pagoda.classifier/1";

    public ClassifierConfig {
        if (channels < 1 || classes < 2 || width < 1) {
            throw new IllegalArgumentException("classifier: expected channels >= 1, classes >= 2 and width >= 1, got " + channels
                    + ", " + classes + ", " + width);
        }
        if (resolution < 4 || resolution % 4 != 0) {
            throw new IllegalArgumentException("classifier: resolution " + resolution + " is not a positive multiple of 4 (two 2x poolings)");
        }
    }

    /** Reads the fields of a classifier.json; errors name the file and field. */
    public static ClassifierConfig parse(JsonFields f) {
        f.requireOnly("format", "channels", "resolution", "classes", "width", "training");
        String format = f.getString("format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(f.source() + ": format '" + format + "', expected '" + FORMAT + "'");
        }
        try {
            return new ClassifierConfig(f.getInt("channels"), f.getInt("resolution"), f.getInt("classes"), f.getInt("width"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(f.source() + ": " + e.getMessage(), e);
        }
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("channels", (long) channels);
        m.put("resolution", (long) resolution);
        m.put("classes", (long) classes);
        m.put("width", (long) width);
        return m;
    }
}
