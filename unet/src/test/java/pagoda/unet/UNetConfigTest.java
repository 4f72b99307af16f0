package pagoda.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pagoda.tensor.Backends;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;

class UNetConfigTest {
    private static UNetConfig parse(String json) {
        return UNetConfig.parse(JsonFields.of(Json.parse(json, "cfg.json"), "cfg.json"));
    }

    @Test
    void fixtureConfigAndPlan() throws IOException {
        UNetConfig c = UNetConfig.read(Fixtures.require("edm-adm-tiny").resolve("config.json"));
        assertEquals(16, c.imgResolution());
        assertEquals(10, c.labelDim());
        assertEquals(128, c.embChannels());
        assertEquals(Flavour.EDM, c.flavour());
        assertEquals(Double.POSITIVE_INFINITY, c.sigmaMax());
        UNetPlan plan = UNetPlan.of(c);
        assertEquals("[16x16_conv, 16x16_block0, 8x8_down, 8x8_block0]",
                plan.encoder().stream().map(UNetPlan.Layer::name).toList().toString());
        assertEquals("[8x8_in0, 8x8_in1, 8x8_block0, 8x8_block1, 16x16_up, 16x16_block0, 16x16_block1]",
                plan.decoder().stream().map(UNetPlan.Layer::name).toList().toString());
        // 828,771 parameters (../shared/fixtures/README.md)
        assertEquals(828_771, new EDMPrecond(c, Backends.cpu(), 0).parameterCount());
    }

    @Test
    void defaultsAreEdms() {
        UNetConfig c = parse("{\"img_resolution\": 64, \"img_channels\": 3}");
        assertEquals(0, c.labelDim());
        assertEquals(192, c.modelChannels());
        assertArrayEquals(new int[] {1, 2, 3, 4}, c.channelMult());
        assertEquals(3, c.numBlocks());
        assertArrayEquals(new int[] {32, 16, 8}, c.attnResolutions());
        assertEquals(0.10, c.dropout());
        assertEquals(0.5, c.sigmaData());
    }

    @Test
    void roundTripsThroughJson() {
        UNetConfig c = parse("{\"img_resolution\": 12, \"img_channels\": 2, \"channel_mult\": [2, 1, 2], \"sigma_max\": 80,"
                + " \"flavour\": \"consistency_models\", \"label_dim\": 7}");
        assertEquals(c, parse(Json.write(c.toJson())));
    }

    @Test
    void presets() throws IOException {
        UNetConfig t = UNetConfig.readOrPreset("teacher-16");
        assertEquals(16, t.imgResolution());
        assertEquals(64, t.modelChannels());
        assertArrayEquals(new int[] {1, 2, 2}, t.channelMult());
        assertEquals(2, t.numBlocks());
        assertArrayEquals(new int[] {8}, t.attnResolutions());
        assertEquals(Flavour.CONSISTENCY_MODELS, UNetConfig.readOrPreset("teacher-imagenet64-cm").flavour());
        IOException e = assertThrows(IOException.class, () -> UNetConfig.readOrPreset("no-such-preset"));
        assertTrue(e.getMessage().contains("teacher-16"), e.getMessage());
    }

    @Test
    void presetFileIsReadFromDisk(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path f = dir.resolve("c.json");
        Json.writeFile(f, parse("{\"img_resolution\": 8, \"img_channels\": 1}").toJson());
        assertEquals(8, UNetConfig.readOrPreset(f.toString()).imgResolution());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"img_resolution\": 16, \"img_channels\": 3, \"colour\": 1}                          | colour",
        "{\"img_channels\": 3}                                                                 | img_resolution",
        "{\"img_resolution\": \"16\", \"img_channels\": 3}                                     | img_resolution",
        "{\"img_resolution\": 18, \"img_channels\": 3, \"channel_mult\": [1, 2, 2]}             | img_resolution",
        "{\"img_resolution\": 16, \"img_channels\": 0}                                         | img_channels",
        "{\"img_resolution\": 16, \"img_channels\": 3, \"label_dim\": -1}                      | label_dim",
        "{\"img_resolution\": 16, \"img_channels\": 3, \"model_channels\": 2}                   | channel_mult[0]",
        "{\"img_resolution\": 16, \"img_channels\": 3, \"model_channels\": 50, \"channel_mult\": [1]} | channel_mult[0]",
        "{\"img_resolution\": 16, \"img_channels\": 3, \"model_channels\": 32, \"channel_mult\": [1, 7]} | channel_mult[1]",
        "{\"img_resolution\": 16, \"img_channels\": 3, \"channel_mult\": []}                   | channel_mult",
        "{\"img_resolution\": 16, \"img_channels\": 3, \"channel_mult\": [1, 0]}               | channel_mult[1]",
        "{\"img_resolution\": 16, \"img_channels\": 3, \"dropout\": 1.5}                       | dropout",
        "{\"img_resolution\": 16, \"img_channels\": 3, \"label_dropout\": -0.1}                | label_dropout",
        "{\"img_resolution\": 16, \"img_channels\": 3, \"sigma_data\": 0}                      | sigma_data",
        "{\"img_resolution\": 16, \"img_channels\": 3, \"flavour\": \"ldm\"}                    | flavour",
        "{\"img_resolution\": 16, \"img_channels\": 3, \"precond\": \"vp\"}                    | precond",
        "{\"img_resolution\": 16, \"img_channels\": 3, \"model_type\": \"SongUNet\"}           | model_type",
        "{\"img_resolution\": 16, \"img_channels\": 3, \"use_fp16\": true}                     | use_fp16",
    })
    void errorsNameFileAndField(String json, String field) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(json));
        assertTrue(e.getMessage().startsWith("cfg.json: field '" + field + "'"), e.getMessage());
    }
}
