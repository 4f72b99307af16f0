package pagoda.inverse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import pagoda.decoder.DecoderRun;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;

/**
 * The teacher a generator folder's {@code generator.json} records (its {@code teacher} object, written by
 * {@code train-decoder}): the teacher that encodes what the generator decodes.
 */
public final class RecordedTeacher {
    private RecordedTeacher() {
    }

    /**
     * The recorded teacher's path when that still exists, else its name (a bundled model); null when the file
     * records none.
     */
    public static String of(Path generatorFolder) throws IOException {
        Path marker = generatorFolder.resolve(DecoderRun.GENERATOR);
        if (!Files.isRegularFile(marker)) {
            return null;
        }
        JsonFields g = Json.readObject(marker);
        if (!g.has("teacher") || !(g.get("teacher") instanceof Map<?, ?>)) {
            return null;
        }
        JsonFields t = JsonFields.of(g.get("teacher"), marker + ": teacher");
        String path = t.getString("path", null);
        if (path != null && Files.exists(Path.of(path))) {
            return path;
        }
        return t.getString("name", null);
    }
}
