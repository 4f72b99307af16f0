package pagoda.tensor.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict recursive-descent parser for RFC 8259 JSON. Strict means: nothing outside the grammar is
 * accepted (no comments, trailing commas, single quotes, leading zeros, NaN), duplicate keys and
 * unpaired surrogates are errors, and nesting is bounded by {@link Json#MAX_DEPTH} so hostile input
 * cannot overflow the stack. Line and column are computed only when an error is reported, keeping the
 * scan itself a plain loop over the characters.
 */
final class JsonParser {
    private static final int MAX_SHOWN = 24;

    private final String text;
    private final String source;
    private int pos;

    private JsonParser(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** Parses one JSON value that spans all of {@code text} (surrounding whitespace and a leading BOM aside). */
    static Object parse(String text, String source) {
        JsonParser p = new JsonParser(text, source);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            p.pos = 1;
        }
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error(p.pos, "unexpected " + p.describe(p.pos) + " after the JSON value");
        }
        return v;
    }

    private Object value(int depth) {
        skipWhitespace();
        if (pos >= text.length()) {
            throw error(pos, "expected a value, found end of input");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(enter(depth));
            case '[' -> array(enter(depth));
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error(pos, "expected a value (object, array, string, number, true, false or null), found "
                        + describe(pos));
            }
        };
    }

    private int enter(int depth) {
        if (depth >= Json.MAX_DEPTH) {
            throw error(pos, "nesting deeper than " + Json.MAX_DEPTH + " levels");
        }
        return depth + 1;
    }

    private Map<String, Object> object(int depth) {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw error(pos, "expected a string key" + (map.isEmpty() ? " or '}'" : "") + ", found " + describe(pos));
            }
            int keyPos = pos;
            String key = string();
            if (map.containsKey(key)) {
                throw error(keyPos, "duplicate key '" + key + "' in object");
            }
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != ':') {
                throw error(pos, "expected ':' after key '" + key + "', found " + describe(pos));
            }
            pos++;
            map.put(key, value(depth));
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos < text.length() && text.charAt(pos) == '}') {
                pos++;
                return map;
            } else {
                throw error(pos, "expected ',' or '}' after the value of key '" + key + "', found " + describe(pos));
            }
        }
    }

    private List<Object> array(int depth) {
        pos++;
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value(depth));
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos < text.length() && text.charAt(pos) == ']') {
                pos++;
                return list;
            } else {
                throw error(pos, "expected ',' or ']' after array element " + (list.size() - 1) + ", found " + describe(pos));
            }
        }
    }

    private String string() {
        int open = pos++;
        StringBuilder sb = null;
        int runStart = pos;
        while (true) {
            if (pos >= text.length()) {
                throw error(open, "unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String run = text.substring(runStart, pos++);
                return sb == null ? run : sb.append(run).toString();
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(text, runStart, pos);
                escape(sb);
                runStart = pos;
            } else if (c < 0x20) {
                throw error(pos, "control character " + codePoint(c) + " in string; write it as an escape such as \\n or \\u0000");
            } else if (Character.isHighSurrogate(c) && pos + 1 < text.length() && Character.isLowSurrogate(text.charAt(pos + 1))) {
                pos += 2;
            } else if (Character.isSurrogate(c)) {
                throw error(pos, "unpaired surrogate " + codePoint(c) + " in string");
            } else {
                pos++;
            }
        }
    }

    private void escape(StringBuilder sb) {
        int at = pos++;
        if (pos >= text.length()) {
            throw error(at, "unterminated escape sequence");
        }
        char e = text.charAt(pos++);
        switch (e) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '/' -> sb.append('/');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
                char u = hex4(at);
                if (Character.isHighSurrogate(u)) {
                    int low = pos;
                    if (!text.startsWith("\\u", pos)) {
                        throw error(at, "unpaired surrogate escape " + codePoint(u) + "; expected a low surrogate escape \\uDC00-\\uDFFF to follow");
                    }
                    pos += 2;
                    char l = hex4(low);
                    if (!Character.isLowSurrogate(l)) {
                        throw error(low, "expected a low surrogate escape \\uDC00-\\uDFFF after " + codePoint(u) + ", found " + codePoint(l));
                    }
                    sb.append(u).append(l);
                } else if (Character.isLowSurrogate(u)) {
                    throw error(at, "unpaired surrogate escape " + codePoint(u) + " (a low surrogate must follow a high one)");
                } else {
                    sb.append(u);
                }
            }
            default -> throw error(at, "invalid escape '\\" + (e < 0x20 ? codePoint(e) : String.valueOf(e))
                    + "'; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
        }
    }

    /** Four hex digits at {@code pos}, the escape having started at {@code at}. */
    private char hex4(int at) {
        if (pos + 4 > text.length()) {
            throw error(at, "unterminated \\u escape; expected 4 hex digits");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = hexValue(text.charAt(pos + i));
            if (d < 0) {
                throw error(pos + i, "expected a hex digit in \\u escape, found " + describe(pos + i));
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * A number: {@link Long} when the literal has no fraction or exponent and fits, else {@link Double}
     * (so integers beyond the long range lose precision past 2^53, as in JavaScript). Literals beyond the
     * double range are rejected rather than turned into infinities that JSON could not write back.
     */
    private Object number() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '0') {
            pos++;
            if (pos < text.length() && isDigit(text.charAt(pos))) {
                throw error(start, "leading zeros are not allowed in numbers");
            }
        } else if (pos < text.length() && isDigit(text.charAt(pos))) {
            digits();
        } else {
            throw error(pos, "expected a digit after '-', found " + describe(pos));
        }
        boolean integral = true;
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                throw error(pos, "expected a digit after the decimal point, found " + describe(pos));
            }
            digits();
            integral = false;
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                throw error(pos, "expected a digit in the exponent, found " + describe(pos));
            }
            digits();
            integral = false;
        }
        String literal = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException beyondLong) {
                // falls through to the double representation documented above
            }
        }
        double d = Double.parseDouble(literal);
        if (Double.isInfinite(d)) {
            throw error(start, "number " + literal + " is beyond the range of a double");
        }
        return d;
    }

    private void digits() {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error(pos, "expected a value (object, array, string, number, true, false or null), found " + describe(pos));
        }
        pos += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** What sits at {@code at}, for messages: a word, a quoted character, a code point or end of input. */
    private String describe(int at) {
        if (at >= text.length()) {
            return "end of input";
        }
        char c = text.charAt(at);
        if (Character.isLetter(c)) {
            int end = at;
            while (end < text.length() && end - at < MAX_SHOWN && Character.isLetterOrDigit(text.charAt(end))) {
                end++;
            }
            return "'" + text.substring(at, end) + "'";
        }
        if (c < 0x20 || Character.isSurrogate(c) || Character.isWhitespace(c)) {
            return codePoint(c);
        }
        return "'" + c + "'";
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    private JsonException error(int at, String detail) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                column = 1;
            } else if (c != '\r' && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)))) {
                column++;
            }
        }
        return JsonException.at(source, line, column, detail);
    }
}
