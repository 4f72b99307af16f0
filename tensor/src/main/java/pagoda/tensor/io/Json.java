package pagoda.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Strict RFC 8259 JSON for config files, safetensors headers and result files; the project takes no JSON
 * dependency for this.
 *
 * <p>Parsed values are: objects as {@link java.util.LinkedHashMap} in document order, arrays as
 * {@link java.util.List}, strings, {@link Long} for integer literals (no fraction, no exponent) in the
 * long range, {@link Double} for every other number, {@link Boolean} and {@code null}. Duplicate keys,
 * nesting deeper than {@link #MAX_DEPTH}, and anything outside the grammar are {@link JsonException}s
 * naming the source and the {@code line:column}. {@link JsonFields} reads typed fields from a parsed
 * object with errors that name the field.
 */
public final class Json {
    /** The deepest nesting of objects and arrays accepted (parsing) or produced (writing). */
    public static final int MAX_DEPTH = 512;

    private Json() {
    }

    /**
     * Parses a JSON text.
     *
     * @param source names the text in error messages, usually the file it came from
     * @throws JsonException on any syntax error, with source, line, column and what was expected
     */
    public static Object parse(String text, String source) {
        return JsonParser.parse(text, source);
    }

    /**
     * Parses UTF-8 encoded JSON; malformed UTF-8 is an error at the line and column of the bad byte
     * rather than a silent replacement character.
     */
    public static Object parse(byte[] utf8, String source) {
        return parse(decodeUtf8(utf8, source), source);
    }

    /** Parses a JSON file; errors name the file. */
    public static Object read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /**
     * Parses a JSON file whose top level must be an object, such as a config.json.
     *
     * @throws JsonException naming the file when it does not parse or is not an object
     */
    public static JsonFields readObject(Path file) throws IOException {
        return JsonFields.of(read(file), file.toString());
    }

    /** Compact JSON (no whitespace); see {@link JsonWriter} for ordering and number formatting. */
    public static String write(Object value) {
        return JsonWriter.write(value, false);
    }

    /** JSON indented by two spaces per level, one member or element per line. */
    public static String writePretty(Object value) {
        return JsonWriter.write(value, true);
    }

    /** Writes {@link #writePretty} plus a final newline to {@code file}, atomically ({@link AtomicFiles}). */
    public static void writeFile(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, writePretty(value) + "\n");
    }

    static String decodeUtf8(byte[] utf8, String source) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(utf8);
        CharBuffer out = CharBuffer.allocate(utf8.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int bad = in.position();
            int line = 1;
            int column = 1;
            for (int i = 0; i < bad; i++) {
                if (utf8[i] == '\n') {
                    line++;
                    column = 1;
                } else if ((utf8[i] & 0xC0) != 0x80) {
                    column++;
                }
            }
            throw JsonException.at(source, line, column, String.format("invalid UTF-8 (byte 0x%02x at offset %d)",
                    utf8[bad] & 0xFF, bad));
        }
        return out.flip().toString();
    }
}
