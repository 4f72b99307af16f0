package pagoda.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonWriterTest {

    @Test
    void compactAndPrettyLayouts() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("k", List.of(1, 2));
        inner.put("e", List.of());
        inner.put("o", Map.of());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("b", true);
        v.put("n", null);
        v.put("inner", inner);
        assertEquals("{\"b\":true,\"n\":null,\"inner\":{\"k\":[1,2],\"e\":[],\"o\":{}}}", Json.write(v));
        assertEquals("""
                {
                  "b": true,
                  "n": null,
                  "inner": {
                    "k": [
                      1,
                      2
                    ],
                    "e": [],
                    "o": {}
                  }
                }""", Json.writePretty(v));
    }

    @Test
    void keyOrderIsDeterministic() {
        Map<String, Object> hashed = new HashMap<>();
        for (String k : List.of("zeta", "alpha", "mid", "beta")) {
            hashed.put(k, 1);
        }
        assertEquals("{\"alpha\":1,\"beta\":1,\"mid\":1,\"zeta\":1}", Json.write(hashed));
        assertEquals("{\"a\":1,\"b\":2}", Json.write(Map.of("b", 2, "a", 1)));
        assertEquals("{\"a\":1,\"b\":2}", Json.write(new TreeMap<>(Map.of("b", 2, "a", 1))));
        Map<String, Object> linked = new LinkedHashMap<>();
        linked.put("z", 1);
        linked.put("a", 2);
        assertEquals("{\"z\":1,\"a\":2}", Json.write(linked));
    }

    @Test
    void stringsAreEscapedAndRoundTrip() {
        String s = "q\" b\\ / \b\f\n\r\t \u0001\u001f \u007f \u00e9 \uD83D\uDE00 \u2028";
        String json = Json.write(s);
        assertEquals("\"q\\\" b\\\\ / \\b\\f\\n\\r\\t \\u0001\\u001f \u007f \u00e9 \uD83D\uDE00 \u2028\"", json);
        assertEquals(s, Json.parse(json, "round trip"));
    }

    @Test
    void numbersRoundTripExactly() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<Object> values = new ArrayList<>(List.of(0.1, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MIN_NORMAL,
                1e21, 1e-7, 123456789.0, 2.0, Long.MIN_VALUE, Long.MAX_VALUE));
        for (int i = 0; i < 2000; i++) {
            values.add(Double.longBitsToDouble(rnd.nextLong()));
        }
        values.removeIf(v -> v instanceof Double d && !Double.isFinite(d));
        List<?> back = (List<?>) Json.parse(Json.write(values), "round trip");
        assertEquals(values.size(), back.size());
        for (int i = 0; i < values.size(); i++) {
            Object want = values.get(i);
            Object got = back.get(i);
            if (want instanceof Double d) {
                assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) got), "value " + d);
            } else {
                assertEquals(want, got);
            }
        }
    }

    @Test
    void otherNumberTypesAndPrimitiveArrays() {
        assertEquals("[0.1,3,4,5,12345678901234567890,1.50]",
                Json.write(List.of(0.1f, (byte) 3, (short) 4, 5, new BigInteger("12345678901234567890"), new BigDecimal("1.50"))));
        assertEquals("[[1,2],[3],[0.5],[0.25,-1.0]]",
                Json.write(List.of(new int[] {1, 2}, new long[] {3}, new float[] {0.5f}, new double[] {0.25, -1})));
        float f = 0.1f;
        assertEquals(f, ((Double) Json.parse(Json.write(f), "t")).floatValue());
    }

    @Test
    void unrepresentableValuesNameTheirPath() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("ok", 1);
        v.put("losses", Arrays.asList(1.0, Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(v));
        assertEquals("JSON value at $.losses[1]: NaN has no JSON representation", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(Float.NEGATIVE_INFINITY)));
        assertEquals("JSON value at $[0]: -Infinity has no JSON representation", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of("s", "a\uDC00")));
        assertEquals("JSON value at $.s: unpaired surrogate U+DC00 at index 1 of a string cannot be encoded as UTF-8", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.write(new HashSet<>(List.of(1, 2))));
        assertEquals("JSON value at $: cannot write a java.util.HashSet (an unordered collection; pass a List so the output is deterministic)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(new Object())));
        assertEquals("JSON value at $[0]: cannot write a java.lang.Object (expected Map, List, String, Number, Boolean, null or a primitive array)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "x")));
        assertEquals("JSON value at $: object key 1 is a java.lang.Integer; JSON keys are strings", e.getMessage());
    }

    @Test
    void cyclesHitTheDepthLimit() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(cyclic));
        assertEquals(true, e.getMessage().endsWith("nesting deeper than " + Json.MAX_DEPTH + " levels (is the value cyclic?)"),
                e.getMessage());
    }

    @Test
    void parsedDocumentsRoundTripByteForByte() {
        String pretty = """
                {
                  "precond": "edm",
                  "sigma_data": 0.5,
                  "channel_mult": [
                    1,
                    2
                  ],
                  "nested": {
                    "big": 1.0E300,
                    "none": null
                  }
                }""";
        Object parsed = Json.parse(pretty, "doc");
        assertEquals(pretty, Json.writePretty(parsed));
        assertEquals(parsed, Json.parse(Json.write(parsed), "compact"));
    }

    @Test
    void writeFileIsPrettyWithFinalNewline(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("result.json");
        Json.writeFile(f, Map.of("a", List.of(1)));
        assertEquals("{\n  \"a\": [\n    1\n  ]\n}\n", Files.readString(f));
        assertEquals(Map.of("a", List.of(1L)), Json.read(f));
    }
}
