package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

/** The pairs the decoder command tests train on: every image of a tiny data folder, 3 encoder levels. */
final class TinyPairs {
    private TinyPairs() {
    }

    /** Encodes {@code data} with {@code teacher} into {@code out}; fails the test if encode does. */
    static Path encode(Path teacher, Path data, Path out) {
        Cli e = Cli.run("encode", "--teacher", teacher.toString(), "--data", data.toString(), "--split", "all", "--steps", "3",
                "--batch", "4", "--threads", "2", "--out", out.toString());
        assertEquals(0, e.status(), e.toString());
        return out;
    }
}
