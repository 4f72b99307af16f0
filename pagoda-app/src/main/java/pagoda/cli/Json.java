package pagoda.cli;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One JSON object on one line, for scripts that read the bench commands' output. Keys keep their
 * insertion order; doubles carry six significant digits; non-finite numbers become {@code null}, since
 * JSON has no NaN.
 */
final class Json {
    private final StringBuilder sb = new StringBuilder("{");

    Json put(String key, String value) {
        key(key);
        quote(value);
        return this;
    }

    Json put(String key, long value) {
        key(key).append(value);
        return this;
    }

    Json put(String key, boolean value) {
        key(key).append(value);
        return this;
    }

    Json put(String key, double value) {
        if (!Double.isFinite(value)) {
            key(key).append("null");
        } else {
            key(key).append(BigDecimal.valueOf(value).round(new MathContext(6)).stripTrailingZeros().toPlainString());
        }
        return this;
    }

    private StringBuilder key(String key) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        quote(key);
        return sb.append(':');
    }

    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
