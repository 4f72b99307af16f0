package pagoda.tensor.io;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SequencedCollection;
import java.util.SequencedMap;

/**
 * Serialises Java values to JSON, deterministically: the same value always gives the same bytes, so
 * result files can be diffed and hashed. Maps keep their encounter order when they have one
 * ({@link SequencedMap}: {@code LinkedHashMap}, {@code TreeMap}, what {@link Json#parse} returns) and are
 * written in sorted key order otherwise; lists and int, long, float and double arrays become arrays.
 * Doubles use {@link Double#toString}, the shortest decimal that parses back to the same double; floats
 * use {@link Float#toString}, the shortest that parses back to the same float. What JSON cannot represent (NaN, infinities, unpaired surrogates, unordered collections,
 * other types) is an error naming the path of the offending value, never a silent substitute.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private final boolean pretty;

    private JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    static String write(Object value, boolean pretty) {
        JsonWriter w = new JsonWriter(pretty);
        w.value(value, "$", 0);
        return w.out.toString();
    }

    private void value(Object v, String path, int depth) {
        switch (v) {
            case null -> out.append("null");
            case String s -> string(s, path);
            case Boolean b -> out.append(b.booleanValue());
            case Number n -> number(n, path);
            case Map<?, ?> m -> object(m, path, enter(depth, path));
            case SequencedCollection<?> c -> array(new ArrayList<>(c), path, enter(depth, path));
            case Object a when a instanceof int[] || a instanceof long[] || a instanceof float[] || a instanceof double[] ->
                    array(boxed(a), path, enter(depth, path));
            default -> throw new IllegalArgumentException("JSON value at " + path + ": cannot write a "
                    + v.getClass().getName() + (v instanceof Collection<?>
                    ? " (an unordered collection; pass a List so the output is deterministic)"
                    : " (expected Map, List, String, Number, Boolean, null or a primitive array)"));
        }
    }

    /** The elements of a primitive array, boxed so they take the {@link #number} path. */
    private static List<Object> boxed(Object array) {
        int n = Array.getLength(array);
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(Array.get(array, i));
        }
        return list;
    }

    private static int enter(int depth, String path) {
        if (depth >= Json.MAX_DEPTH) {
            throw new IllegalArgumentException("JSON value at " + path + ": nesting deeper than " + Json.MAX_DEPTH
                    + " levels (is the value cyclic?)");
        }
        return depth + 1;
    }

    private void object(Map<?, ?> m, String path, int depth) {
        List<Object> keys = new ArrayList<>(m.keySet());
        for (Object k : keys) {
            if (!(k instanceof String)) {
                throw new IllegalArgumentException("JSON value at " + path + ": object key " + k + " is a "
                        + (k == null ? "null" : k.getClass().getName()) + "; JSON keys are strings");
            }
        }
        if (!(m instanceof SequencedMap<?, ?>)) {
            keys.sort(null);
        }
        if (keys.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
            String key = (String) keys.get(i);
            if (i > 0) {
                out.append(',');
            }
            newline(depth);
            string(key, path);
            out.append(pretty ? ": " : ":");
            value(m.get(key), path + "." + key, depth);
        }
        newline(depth - 1);
        out.append('}');
    }

    private void array(List<?> list, String path, int depth) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            newline(depth);
            value(list.get(i), path + "[" + i + "]", depth);
        }
        newline(depth - 1);
        out.append(']');
    }

    private void newline(int depth) {
        if (pretty) {
            out.append('\n').repeat(' ', 2 * depth);
        }
    }

    private void number(Number n, String path) {
        switch (n) {
            case Double d -> {
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("JSON value at " + path + ": " + d + " has no JSON representation");
                }
                out.append(Double.toString(d));
            }
            case Float f -> {
                if (!Float.isFinite(f)) {
                    throw new IllegalArgumentException("JSON value at " + path + ": " + f + " has no JSON representation");
                }
                out.append(Float.toString(f));
            }
            case Long x -> out.append(x.longValue());
            case Integer x -> out.append(x.intValue());
            case Short x -> out.append(x.shortValue());
            case Byte x -> out.append(x.byteValue());
            case BigInteger x -> out.append(x);
            case BigDecimal x -> out.append(x);
            default -> throw new IllegalArgumentException("JSON value at " + path + ": cannot write a number of type "
                    + n.getClass().getName());
        }
    }

    private void string(String s, String path) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("JSON value at " + path + ": unpaired surrogate "
                                + String.format("U+%04X", (int) c) + " at index " + i + " of a string cannot be encoded as UTF-8");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
