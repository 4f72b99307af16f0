package pagoda.tensor.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, checked access to the members of a parsed JSON object, for config files: a missing field or one
 * of the wrong type is a {@link JsonException} that names the source, the field's path ({@code model.channel_mult[1]})
 * and what was expected, instead of a {@code ClassCastException} or a silent default.
 */
public final class JsonFields {
    private static final int MAX_SHOWN = 40;

    private final Map<String, Object> map;
    private final String source;
    private final String path;

    private JsonFields(Map<String, Object> map, String source, String path) {
        this.map = map;
        this.source = source;
        this.path = path;
    }

    /**
     * Wraps a value returned by {@link Json#parse}.
     *
     * @throws JsonException naming {@code source} when the value is not an object
     */
    public static JsonFields of(Object parsed, String source) {
        return new JsonFields(asObject(parsed, source, "$"), source, "");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value, String source, String field) {
        if (!(value instanceof Map<?, ?> m)) {
            if (field.equals("$")) {
                throw JsonException.of(source, "expected a JSON object at the top level, found " + describe(value));
            }
            throw JsonException.field(source, field, "expected an object, found " + describe(value));
        }
        return (Map<String, Object>) m;
    }

    /** The name of the text these fields came from. */
    public String source() {
        return source;
    }

    /** Member names in document order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(map.keySet());
    }

    public boolean has(String name) {
        return map.containsKey(name);
    }

    /** The members as parsed (read-only). */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(map);
    }

    /**
     * Rejects members outside {@code known}, so that a misspelt option in a config file is reported
     * instead of being ignored.
     */
    public void requireOnly(String... known) {
        Set<String> allowed = new TreeSet<>(List.of(known));
        for (String name : map.keySet()) {
            if (!allowed.contains(name)) {
                throw JsonException.field(source, fieldPath(name), "unknown field (known: " + String.join(", ", allowed) + ")");
            }
        }
    }

    /** The raw value of a member that must be present (it may be null). */
    public Object get(String name) {
        if (!map.containsKey(name)) {
            throw JsonException.field(source, fieldPath(name), "missing");
        }
        return map.get(name);
    }

    public String getString(String name) {
        Object v = get(name);
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(name, "a string", v);
    }

    public String getString(String name, String fallback) {
        return has(name) ? getString(name) : fallback;
    }

    public boolean getBoolean(String name) {
        Object v = get(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(name, "true or false", v);
    }

    public boolean getBoolean(String name, boolean fallback) {
        return has(name) ? getBoolean(name) : fallback;
    }

    /** An integer literal (a number written with a fraction or exponent, such as 2.0, is not accepted). */
    public long getLong(String name) {
        Object v = get(name);
        if (v instanceof Long l) {
            return l;
        }
        throw wrongType(name, "an integer", v);
    }

    public int getInt(String name) {
        return toInt(fieldPath(name), get(name));
    }

    public int getInt(String name, int fallback) {
        return has(name) ? getInt(name) : fallback;
    }

    /** Any number, integers included. */
    public double getDouble(String name) {
        Object v = get(name);
        if (v instanceof Long || v instanceof Double) {
            return ((Number) v).doubleValue();
        }
        throw wrongType(name, "a number", v);
    }

    public double getDouble(String name, double fallback) {
        return has(name) ? getDouble(name) : fallback;
    }

    /** An array member, read-only. */
    @SuppressWarnings("unchecked")
    public List<Object> getList(String name) {
        Object v = get(name);
        if (v instanceof List<?> l) {
            return Collections.unmodifiableList((List<Object>) l);
        }
        throw wrongType(name, "an array", v);
    }

    /** An array of integers in the int range, such as {@code channel_mult}. */
    public int[] getIntArray(String name) {
        List<Object> list = getList(name);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toInt(fieldPath(name) + "[" + i + "]", list.get(i));
        }
        return out;
    }

    /** An array of numbers. */
    public double[] getDoubleArray(String name) {
        List<Object> list = getList(name);
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = list.get(i);
            if (!(v instanceof Long || v instanceof Double)) {
                throw JsonException.field(source, fieldPath(name) + "[" + i + "]", "expected a number, found " + describe(v));
            }
            out[i] = ((Number) v).doubleValue();
        }
        return out;
    }

    /** An array of strings. */
    public List<String> getStringList(String name) {
        List<Object> list = getList(name);
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw JsonException.field(source, fieldPath(name) + "[" + i + "]", "expected a string, found " + describe(list.get(i)));
            }
            out.add(s);
        }
        return Collections.unmodifiableList(out);
    }

    /** A nested object; its errors name the full path ({@code outer.inner}). */
    public JsonFields getObject(String name) {
        String field = fieldPath(name);
        return new JsonFields(asObject(get(name), source, field), source, field);
    }

    private int toInt(String field, Object v) {
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return (int) (long) l;
        }
        String expected = v instanceof Long ? "an integer in the int range [-2147483648, 2147483647]" : "an integer";
        throw JsonException.field(source, field, "expected " + expected + ", found " + describe(v));
    }

    private JsonException wrongType(String name, String expected, Object v) {
        return JsonException.field(source, fieldPath(name), "expected " + expected + ", found " + describe(v));
    }

    private String fieldPath(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** A short description of a parsed value for error messages. */
    static String describe(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "string \"" + (s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "..." : s) + "\"";
            case Boolean b -> b.toString();
            case Number n -> "number " + n;
            case Map<?, ?> m -> "an object with " + m.size() + " members";
            case List<?> l -> "an array of " + l.size() + " elements";
            default -> v.getClass().getSimpleName();
        };
    }
}
