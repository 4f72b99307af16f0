package pagoda.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.Backends;
import pagoda.unet.EDMPrecond;

/** The shipped presets: what the issue asks of them, and a size that fits the 10 MB budget of a bundled teacher. */
class TeacherPresetTest {
    /** The bundled teacher's weights file may take 10 MB (issue 5); 2 bytes per value in F16 or BF16. */
    private static final long BUNDLE_BYTES = 10_000_000;

    @TempDir
    Path tmp;

    @Test
    void emoji16IsAnUnconditionalTeacherOfAboutFiveMillionParameters() throws IOException {
        TeacherPreset p = TeacherPreset.named("teacher-emoji16");
        assertEquals(16, p.model().imgResolution());
        assertEquals(3, p.model().imgChannels());
        assertEquals(0, p.model().labelDim());
        assertEquals("emoji", p.train().data());
        assertEquals("teacher-emoji16", p.train().preset());
        long n = new EDMPrecond(p.model(), Backends.cpu(), 0).parameterCount();
        assertEquals(4_508_035, n, "DhariwalUNet(model_channels 32, channel_mult [1, 2, 4], num_blocks 2, attention at 8 and 4)");
        assertTrue(2 * n < BUNDLE_BYTES, 2 * n + " bytes in 16 bits");
    }

    @Test
    void fmnist16IsClassConditionalWithLabelDropout() throws IOException {
        TeacherPreset p = TeacherPreset.named("teacher-fmnist16");
        assertEquals(16, p.model().imgResolution());
        assertEquals(1, p.model().imgChannels());
        assertEquals(10, p.model().labelDim());
        assertEquals(0.1, p.model().labelDropout());
        assertEquals("fmnist", p.train().data());
        long n = new EDMPrecond(p.model(), Backends.cpu(), 0).parameterCount();
        assertTrue(n > 4_000_000 && 2 * n < BUNDLE_BYTES, n + " parameters");
    }

    @Test
    void configFileErrorsNameTheFileAndField() throws IOException {
        Path f = tmp.resolve("c.json");
        Files.writeString(f, "{\"model\": {\"img_resolution\": 16, \"img_channels\": 3}, \"training\": {\"batchsize\": 3}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TeacherPreset.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("batchsize"), e.getMessage());
        Files.writeString(f, "{\"model\": {\"img_resolution\": 16, \"img_channels\": 3}, \"training\": {\"resolution\": 8}}");
        e = assertThrows(IllegalArgumentException.class, () -> TeacherPreset.read(f));
        assertTrue(e.getMessage().contains("training.resolution 8"), e.getMessage());
        Files.writeString(f, "{\"model\": {\"img_resolution\": 16, \"img_channels\": 3}, \"training\": {\"duration\": \"3x\"}}");
        e = assertThrows(IllegalArgumentException.class, () -> TeacherPreset.read(f));
        assertTrue(e.getMessage().contains("duration") && e.getMessage().contains("'3x'"), e.getMessage());
    }

    @Test
    void unknownPresetListsTheShippedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TeacherPreset.named("x"));
        assertEquals("no preset 'x' (presets: teacher-emoji16, teacher-fmnist16)", e.getMessage());
    }
}
