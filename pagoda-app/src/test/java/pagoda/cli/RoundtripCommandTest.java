package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.teacher.TinyImages;
import pagoda.teacher.TinyTeacher;

/** {@code pagoda roundtrip} and {@code pagoda bench encode}: their JSON lines and option errors. */
class RoundtripCommandTest {
    @TempDir
    static Path shared;

    @Test
    void printsOneLinePerGridSize() throws IOException {
        Path teacher = TinyTeacher.write(shared.resolve("t"), 0, 41);
        Path data = TinyImages.write(shared.resolve("d"), 4, 0, 7);
        Cli r = Cli.run("roundtrip", "--teacher", teacher.toString(), "--data", data.toString(), "--split", "all", "--n", "3",
                "--steps", "2,5", "--batch", "2", "--threads", "2");
        assertEquals(0, r.status(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        int[] levels = {2, 5};
        for (int i = 0; i < 2; i++) {
            JsonObject j = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            assertEquals(levels[i], j.get("levels").getAsInt());
            assertEquals(3, j.get("images").getAsInt());
            assertEquals(2 * (levels[i] - 1), j.get("encode_evaluations").getAsInt());
            assertEquals(2 * levels[i] - 1, j.get("generate_evaluations").getAsInt());
            double mean = j.get("mean_abs_error").getAsDouble();
            double max = j.get("max_abs_error").getAsDouble();
            double rms = j.get("rms_error").getAsDouble();
            assertTrue(mean >= 0 && mean <= rms && rms <= max && Double.isFinite(max), lines.get(i));
        }
        Cli bad = Cli.run("roundtrip", "--teacher", teacher.toString(), "--data", data.toString(), "--steps", "9,x");
        assertEquals(Main.EXIT_BAD_ARGUMENTS, bad.status(), bad.toString());
        assertTrue(bad.err().contains("--steps"), bad.err());
        Cli tooMany = Cli.run("roundtrip", "--teacher", teacher.toString(), "--data", data.toString(), "--split", "all", "--n", "9");
        assertEquals(Main.EXIT_BAD_ARGUMENTS, tooMany.status(), tooMany.toString());
        assertTrue(tooMany.err().contains("--n 9"), tooMany.err());
    }

    @Test
    void benchEncodeReportsImagesPerSecond() throws IOException {
        Path teacher = TinyTeacher.write(shared.resolve("bench"), 0, 42);
        Cli r = Cli.run("bench", "encode", "--teacher", teacher.toString(), "--batch", "2", "--steps", "3", "--reps", "1", "--threads", "2");
        assertEquals(0, r.status(), r.toString());
        JsonObject j = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertEquals("encode", j.get("bench").getAsString());
        assertEquals(4, j.get("evaluations_per_image").getAsInt());
        assertTrue(j.get("images_per_s").getAsDouble() > 0, r.out());
        Cli both = Cli.run("bench", "encode", "--teacher", teacher.toString(), "--preset", "teacher-emoji16");
        assertEquals(Main.EXIT_BAD_ARGUMENTS, both.status(), both.toString());
        Cli preset = Cli.run("bench", "encode", "--preset", "teacher-none");
        assertEquals(Main.EXIT_BAD_ARGUMENTS, preset.status(), preset.toString());
        assertTrue(preset.err().contains("--preset"), preset.err());
    }
}
