package pagoda.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class JsonFieldsTest {
    private final JsonFields cfg = JsonFields.of(Json.parse("""
            {"name": "edm", "channels": 32, "big": 3000000000, "sigma": 0.5, "flag": true, "none": null,
             "mult": [1, 2], "bad_mult": [1, 2.5], "sigmas": [0.002, 80], "tags": ["a", "b"],
             "model": {"depth": 3, "attn": [8, "x"]}}""", "config.json"), "config.json");

    private static void fails(String expected, Executable call) {
        assertEquals(expected, assertThrows(JsonException.class, call).getMessage());
    }

    @Test
    void typedReads() {
        assertEquals("edm", cfg.getString("name"));
        assertEquals(32, cfg.getInt("channels"));
        assertEquals(3_000_000_000L, cfg.getLong("big"));
        assertEquals(0.5, cfg.getDouble("sigma"));
        assertEquals(32.0, cfg.getDouble("channels"));
        assertTrue(cfg.getBoolean("flag"));
        assertArrayEquals(new int[] {1, 2}, cfg.getIntArray("mult"));
        assertArrayEquals(new double[] {0.002, 80}, cfg.getDoubleArray("sigmas"));
        assertEquals(List.of("a", "b"), cfg.getStringList("tags"));
        assertEquals(List.of(1L, 2L), cfg.getList("mult"));
        assertEquals(3, cfg.getObject("model").getInt("depth"));
        assertEquals("config.json", cfg.source());
        assertTrue(cfg.has("none"));
        assertFalse(cfg.has("absent"));
        assertEquals(List.of("name", "channels", "big", "sigma", "flag", "none", "mult", "bad_mult", "sigmas", "tags", "model"),
                List.copyOf(cfg.names()));
    }

    @Test
    void defaultsApplyOnlyWhenAbsent() {
        assertEquals(7, cfg.getInt("absent", 7));
        assertEquals(32, cfg.getInt("channels", 7));
        assertEquals(1.5, cfg.getDouble("absent", 1.5));
        assertEquals("x", cfg.getString("absent", "x"));
        assertFalse(cfg.getBoolean("absent", false));
        fails("config.json: field 'none': expected an integer, found null", () -> cfg.getInt("none", 7));
    }

    @Test
    void errorsNameFileFieldAndExpectation() {
        fails("config.json: field 'absent': missing", () -> cfg.getInt("absent"));
        fails("config.json: field 'name': expected an integer, found string \"edm\"", () -> cfg.getInt("name"));
        fails("config.json: field 'sigma': expected an integer, found number 0.5", () -> cfg.getLong("sigma"));
        fails("config.json: field 'big': expected an integer in the int range [-2147483648, 2147483647], found number 3000000000",
                () -> cfg.getInt("big"));
        fails("config.json: field 'channels': expected a string, found number 32", () -> cfg.getString("channels"));
        fails("config.json: field 'flag': expected a number, found true", () -> cfg.getDouble("flag"));
        fails("config.json: field 'name': expected true or false, found string \"edm\"", () -> cfg.getBoolean("name"));
        fails("config.json: field 'name': expected an array, found string \"edm\"", () -> cfg.getList("name"));
        fails("config.json: field 'bad_mult[1]': expected an integer, found number 2.5", () -> cfg.getIntArray("bad_mult"));
        fails("config.json: field 'tags[0]': expected a number, found string \"a\"", () -> cfg.getDoubleArray("tags"));
        fails("config.json: field 'mult[0]': expected a string, found number 1", () -> cfg.getStringList("mult"));
        fails("config.json: field 'mult': expected an object, found an array of 2 elements", () -> cfg.getObject("mult"));
        fails("config.json: field 'model.attn[1]': expected an integer, found string \"x\"",
                () -> cfg.getObject("model").getIntArray("attn"));
        fails("config.json: field 'model.missing': missing", () -> cfg.getObject("model").getString("missing"));
        fails("config.json: expected a JSON object at the top level, found an array of 0 elements",
                () -> JsonFields.of(List.of(), "config.json"));
    }

    @Test
    void unknownFieldsCanBeRejected() {
        JsonFields model = cfg.getObject("model");
        model.requireOnly("depth", "attn");
        fails("config.json: field 'model.attn': unknown field (known: depth, dropout)", () -> model.requireOnly("dropout", "depth"));
    }
}
