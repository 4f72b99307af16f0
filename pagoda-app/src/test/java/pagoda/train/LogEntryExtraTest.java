package pagoda.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extra numbers of a log entry (the decoder's loss terms) are written after the common fields and read back. */
class LogEntryExtraTest {
    @TempDir
    Path tmp;

    @Test
    void extrasRoundTripThroughTheLog() throws IOException {
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("loss_d", 1.25);
        extra.put("lambda", Double.NaN);
        LogEntry e = new LogEntry(3, 12, 0.5, 1e-4, 0.999, 2.0, 10.0, 4.0, true, extra);
        try (TrainLog log = TrainLog.open(tmp, 0)) {
            log.append(e);
            log.append(new LogEntry(4, 16, 0.4, 1e-4, 0.999, 2.0, 10.0, 5.0, false));
        }
        List<LogEntry> back = TrainLog.read(tmp);
        assertEquals(List.of("loss_d", "lambda"), List.copyOf(back.get(0).extra().keySet()));
        assertEquals(1.25, back.get(0).extra().get("loss_d"));
        assertTrue(Double.isNaN(back.get(0).extra().get("lambda")), "NaN is written as null and read back as NaN");
        assertTrue(back.get(1).extra().isEmpty());
        assertEquals(0.5, back.get(0).loss());
    }
}
