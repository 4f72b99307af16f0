package pagoda.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonException;
import pagoda.tensor.io.JsonFields;

/** decoder.json: round trip, image counts, and errors that name the field. */
class DecoderConfigTest {
    private static final DecoderConfig DEFAULTS = DecoderConfig.defaults("teacher-emoji16", "pairs");

    @Test
    void roundTripsThroughJson() {
        DecoderConfig c = DEFAULTS.with(Map.of("duration", "20k", "gan", false, "reconstruction", "pixel", "lr_g", 3e-5), "test");
        assertEquals(20_000, c.duration());
        DecoderConfig back = DecoderConfig.parse(JsonFields.of(Json.parse(Json.write(c.toJson()), "x"), "x"), DEFAULTS);
        assertEquals(c, back);
    }

    @Test
    void errorsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DEFAULTS.with(Map.of("reconstruction", "lpips"), "decoder.json"));
        assertTrue(e.getMessage().contains("decoder.json") && e.getMessage().contains("reconstruction"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DEFAULTS.with(Map.of("ema_decay", 1.5), "decoder.json"));
        assertTrue(e.getMessage().contains("ema_decay"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DEFAULTS.with(Map.of("lr_g", 0.0), "decoder.json"));
        assertTrue(e.getMessage().contains("lr_g"), e.getMessage());
        JsonException unknown = assertThrows(JsonException.class, () -> DEFAULTS.with(Map.of("lr", 1e-3), "decoder.json"));
        assertTrue(unknown.getMessage().contains("lr"), unknown.getMessage());
    }
}
