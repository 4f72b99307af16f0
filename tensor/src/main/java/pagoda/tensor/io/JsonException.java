package pagoda.tensor.io;

/**
 * A JSON text that does not parse, or a parsed value that is not what the reader expected. The message
 * always starts with the source (usually the file name) and, for syntax errors, the 1-based
 * {@code line:column} of the offending character, so the user can go straight to it in an editor.
 */
public final class JsonException extends IllegalArgumentException {
    private final String source;
    private final int line;
    private final int column;

    private JsonException(String message, String source, int line, int column) {
        super(message);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** A syntax error at a position: {@code "source:line:column: detail"}. */
    static JsonException at(String source, int line, int column, String detail) {
        return new JsonException(source + ":" + line + ":" + column + ": " + detail, source, line, column);
    }

    /** A value error at a field path (positions are not kept after parsing): {@code "source: field 'a.b': detail"}. */
    static JsonException field(String source, String field, String detail) {
        return new JsonException(source + ": field '" + field + "': " + detail, source, 0, 0);
    }

    /** An error about the text as a whole, such as its encoding: {@code "source: detail"}. */
    static JsonException of(String source, String detail) {
        return new JsonException(source + ": " + detail, source, 0, 0);
    }

    /** The name of the text (file name or description) given to the parser. */
    public String source() {
        return source;
    }

    /** 1-based line of a syntax error, 0 when the error has no position. */
    public int line() {
        return line;
    }

    /** 1-based column (in Unicode code points) of a syntax error, 0 when the error has no position. */
    public int column() {
        return column;
    }
}
