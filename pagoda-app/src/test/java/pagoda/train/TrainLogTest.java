package pagoda.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.io.JsonException;

class TrainLogTest {
    @TempDir
    Path run;

    private static LogEntry entry(long images) {
        return new LogEntry(images / 4, images, 0.5, 1e-3, 0.99, 1.5, 40, images / 40.0, images % 8 == 0);
    }

    @Test
    void resumingDropsEntriesAfterTheCheckpointAndATornLine() throws IOException {
        try (TrainLog log = TrainLog.open(run, 0)) {
            for (long images = 4; images <= 16; images += 4) {
                log.append(entry(images));
            }
        }
        Files.writeString(run.resolve(TrainLog.FILE), "{\"step\":5,\"ima", StandardOpenOption.APPEND);
        try (TrainLog log = TrainLog.open(run, 8)) {
            assertEquals(List.of(entry(4), entry(8)), log.entries());
            log.append(entry(12));
        }
        assertEquals(List.of(entry(4), entry(8), entry(12)), TrainLog.read(run));
    }

    @Test
    void nonFiniteValuesRoundTripAsNaN() throws IOException {
        LogEntry e = new LogEntry(1, 4, Double.NaN, 0, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN, 1, true);
        try (TrainLog log = TrainLog.open(run, 0)) {
            log.append(e);
        }
        assertTrue(Files.readString(run.resolve(TrainLog.FILE)).contains("\"loss\":null"));
        LogEntry back = TrainLog.read(run).getFirst();
        assertTrue(Double.isNaN(back.loss()) && Double.isNaN(back.gradNorm()));
        assertEquals(4, back.images());
    }

    @Test
    void aDamagedLineIsNamedByFileAndLine() throws IOException {
        Files.writeString(run.resolve(TrainLog.FILE), "{\"step\":1}\n");
        JsonException e = assertThrows(JsonException.class, () -> TrainLog.read(run));
        assertTrue(e.getMessage().contains(TrainLog.FILE + ":1"), e.getMessage());
    }
}
