package pagoda.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void lineShowsLossThroughputAndEta() {
        Progress p = new Progress(new PrintWriter(new StringWriter()), false, 300_000);
        assertEquals("step 100  12.3k/300k images (4.1%)  loss 0.1235  40.0 img/s  ETA 1h59m",
                p.format(100, 12_345, 0.12345, 40));
        assertEquals("step 9375  300k/300k images (100.0%)  loss 0.0500  41.0 img/s", p.format(9375, 300_000, 0.05, 41));
    }

    @Test
    void terminalRedrawsInPlaceAndPlainOutputPrintsOneLinePerEntry() {
        StringWriter tty = new StringWriter();
        Progress t = new Progress(new PrintWriter(tty), true, 100);
        t.step(1, 10, 1, 10);
        t.step(10, 100, 1, 10);
        assertTrue(tty.toString().contains("\033[1A\033[2Kstep 10"), tty.toString());
        t.logged(new LogEntry(10, 100, 1, 0, 0, 0, 10, 1, false));
        assertEquals(2, tty.toString().lines().count(), "log entries do not print on a terminal");

        StringWriter file = new StringWriter();
        Progress plain = new Progress(new PrintWriter(file), false, 100);
        plain.step(1, 10, 1, 10);
        plain.logged(new LogEntry(10, 100, 1, 0, 0, 0, 10, 1, false));
        assertEquals("step 10  100/100 images (100.0%)  loss 1.0000  10.0 img/s" + System.lineSeparator(), file.toString());
    }

    @Test
    void durations() {
        assertEquals("12s", Progress.duration(12.2));
        assertEquals("4m10s", Progress.duration(250));
        assertEquals("2h05m", Progress.duration(7500));
    }
}
