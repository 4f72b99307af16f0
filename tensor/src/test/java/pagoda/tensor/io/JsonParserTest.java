package pagoda.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonParserTest {

    private static Object parse(String text) {
        return Json.parse(text, "t.json");
    }

    @Test
    void objectsKeepDocumentOrder() {
        Object v = parse("{\"z\": 1, \"a\": 2, \"m\": 3}");
        Map<?, ?> m = assertInstanceOf(LinkedHashMap.class, v);
        assertEquals(List.of("z", "a", "m"), List.copyOf(m.keySet()));
    }

    @Test
    void valuesOfEveryKind() {
        Map<?, ?> m = (Map<?, ?>) parse(" {\"s\":\"x\",\"i\":-12,\"d\":1.5,\"e\":1e2,\"t\":true,\"f\":false,\"n\":null,"
                + "\"a\":[1,[2,{}],[]],\"o\":{\"k\":\"v\"}} \n");
        assertEquals("x", m.get("s"));
        assertEquals(-12L, m.get("i"));
        assertEquals(1.5, m.get("d"));
        assertEquals(100.0, m.get("e"));
        assertEquals(Boolean.TRUE, m.get("t"));
        assertEquals(Boolean.FALSE, m.get("f"));
        assertTrue(m.containsKey("n"));
        assertNull(m.get("n"));
        assertEquals(List.of(1L, List.of(2L, Map.of()), List.of()), m.get("a"));
        assertEquals(Map.of("k", "v"), m.get("o"));
    }

    @Test
    void integersAreLongsOnlyWithoutFractionOrExponentAndInRange() {
        assertEquals(Long.MAX_VALUE, parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, parse("-9223372036854775808"));
        assertEquals(9.223372036854775808e18, parse("9223372036854775808"));
        assertEquals(2.0, parse("2.0"));
        assertEquals(200.0, parse("2E2"));
        assertEquals(0L, parse("-0"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) parse("-0.0")));
        assertEquals(Double.MIN_VALUE, parse("4.9e-324"));
        assertEquals(0.0, parse("1e-400"));
        assertEquals(0.1, parse("0.1"));
    }

    @Test
    void stringEscapesIncludingSurrogatePairs() {
        assertEquals("\" \\ / \b \f \n \r \t \u00e9 \u0000", parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00E9 \\u0000\""));
        assertEquals("\uD83D\uDE00", parse("\"\\ud83d\\ude00\""));
        assertEquals("caf\u00e9 \uD83D\uDE00", parse("\"caf\u00e9 \uD83D\uDE00\""));
    }

    @Test
    void utf8BytesAndByteOrderMark() {
        byte[] utf8 = "\uFEFF{\"k\": \"\u00e9\uD83D\uDE00\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(Map.of("k", "\u00e9\uD83D\uDE00"), Json.parse(utf8, "t.json"));
    }

    @Test
    void invalidUtf8IsReportedAtItsPosition() {
        byte[] bytes = "{\n  \"k\": \"ab\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(bytes, "bad.json"));
        assertEquals("bad.json:2:11: invalid UTF-8 (byte 0xff at offset 12)", e.getMessage());
        assertEquals(2, e.line());
        assertEquals(11, e.column());
    }

    @Test
    void readsFilesAndNamesThemInErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("config.json");
        Files.writeString(f, "{\"a\": [1, 2,]}");
        JsonException e = assertThrows(JsonException.class, () -> Json.read(f));
        assertEquals(f + ":1:13: expected a value (object, array, string, number, true, false or null), found ']'", e.getMessage());
        assertEquals(f.toString(), e.source());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|1:1: expected a value, found end of input",
        "`   `|1:4: expected a value, found end of input",
        "`{\"a\":1,}`|1:8: expected a string key, found '}'",
        "`{,}`|1:2: expected a string key or '}', found ','",
        "`{\"a\" 1}`|1:6: expected ':' after key 'a', found '1'",
        "`{\"a\":1 \"b\":2}`|1:8: expected ',' or '}' after the value of key 'a', found '\"'",
        "`[1 2]`|1:4: expected ',' or ']' after array element 0, found '2'",
        "`[1,]`|1:4: expected a value (object, array, string, number, true, false or null), found ']'",
        "`{\"a\":1,\"a\":2}`|1:8: duplicate key 'a' in object",
        "`{'a':1}`|1:2: expected a string key or '}', found '''",
        "`01`|1:1: leading zeros are not allowed in numbers",
        "`-`|1:2: expected a digit after '-', found end of input",
        "`+1`|1:1: expected a value (object, array, string, number, true, false or null), found '+'",
        "`1.`|1:3: expected a digit after the decimal point, found end of input",
        "`.5`|1:1: expected a value (object, array, string, number, true, false or null), found '.'",
        "`1e`|1:3: expected a digit in the exponent, found end of input",
        "`1e999`|1:1: number 1e999 is beyond the range of a double",
        "`NaN`|1:1: expected a value (object, array, string, number, true, false or null), found 'NaN'",
        "`True`|1:1: expected a value (object, array, string, number, true, false or null), found 'True'",
        "`nul`|1:1: expected a value (object, array, string, number, true, false or null), found 'nul'",
        "`1 2`|1:3: unexpected '2' after the JSON value",
        "`{} // c`|1:4: unexpected '/' after the JSON value",
        "`\"abc`|1:1: unterminated string",
        "`\"a\\x\"`|1:3: invalid escape '\\x'; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
        "`\"\\u12G4\"`|1:6: expected a hex digit in \\u escape, found 'G4'",
        "`[\"\\u12\"]`|1:7: expected a hex digit in \\u escape, found '\"'",
        "`\"\\u12`|1:2: unterminated \\u escape; expected 4 hex digits",
        "`\"\\ud83d\"`|1:2: unpaired surrogate escape U+D83D; expected a low surrogate escape \\uDC00-\\uDFFF to follow",
        "`\"\\ud83d\\u0041\"`|1:8: expected a low surrogate escape \\uDC00-\\uDFFF after U+D83D, found U+0041",
        "`\"\\ude00\"`|1:2: unpaired surrogate escape U+DE00 (a low surrogate must follow a high one)",
    })
    void syntaxErrorsNameSourcePositionAndExpectation(String text, String expected) {
        JsonException e = assertThrows(JsonException.class, () -> parse(text));
        assertEquals("t.json:" + expected, e.getMessage());
    }

    @Test
    void positionsCountLinesAndCodePoints() {
        JsonException e = assertThrows(JsonException.class, () -> parse("{\r\n  \"\uD83D\uDE00\": 1,\n  \"b\" 2}"));
        assertEquals("t.json:3:7: expected ':' after key 'b', found '2'", e.getMessage());
        e = assertThrows(JsonException.class, () -> parse("[\"\uD83D\uDE00\", x]"));
        assertEquals(7, e.column());
    }

    @Test
    void controlCharactersAndLoneSurrogatesInStringsAreRejected() {
        JsonException e = assertThrows(JsonException.class, () -> parse("[\"a\nb\"]"));
        assertEquals("t.json:1:4: control character U+000A in string; write it as an escape such as \\n or \\u0000", e.getMessage());
        e = assertThrows(JsonException.class, () -> parse("\"a\uD800b\""));
        assertEquals("t.json:1:3: unpaired surrogate U+D800 in string", e.getMessage());
    }

    @Test
    void nestingIsBounded() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertInstanceOf(List.class, parse(ok));
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        JsonException e = assertThrows(JsonException.class, () -> parse(deep));
        assertEquals("t.json:1:" + (Json.MAX_DEPTH + 1) + ": nesting deeper than " + Json.MAX_DEPTH + " levels", e.getMessage());
        String hostile = "{\"a\":".repeat(100_000);
        assertThrows(JsonException.class, () -> parse(hostile));
    }
}
