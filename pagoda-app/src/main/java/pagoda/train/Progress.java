package pagoda.train;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress line of a training run on stderr: step, images, loss, images/s and ETA. On a terminal the
 * line is redrawn in place (cursor up, clear line, new text, newline: the launcher passes stderr through a
 * line-buffered filter, so a carriage return without a newline would never show); elsewhere, as in a log
 * file, one plain line per log interval. Other messages go through {@link #message}, which leaves the
 * line in place above them.
 */
public final class Progress {
    /** Set by the launcher when stderr is a terminal (the JVM itself only sees the filter's pipe). */
    public static final String TERMINAL_VARIABLE = "PAGODA_STDERR_TERMINAL";
    private static final String UP_AND_CLEAR = "\033[1A\033[2K";
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final long totalImages;
    private boolean lineShown;
    private long lastRedraw = Long.MIN_VALUE;

    public Progress(PrintWriter err, boolean terminal, long totalImages) {
        this.err = err;
        this.terminal = terminal;
        this.totalImages = totalImages;
    }

    /** Whether the launcher said stderr is a terminal. */
    public static boolean stderrIsTerminal() {
        return "1".equals(System.getenv(TERMINAL_VARIABLE));
    }

    /** After every step: redraws the line on a terminal, at most four times a second. */
    public void step(long step, long images, double loss, double imagesPerSecond) {
        if (terminal && due(images)) {
            draw(format(step, images, loss, imagesPerSecond));
        }
    }

    /**
     * For jobs without steps or a loss (encoding, sampling): {@code label}, images done of the total, images/s
     * and ETA; redrawn like {@link #step} on a terminal, elsewhere printed as a plain line when {@code milestone}.
     */
    public void images(String label, long images, double imagesPerSecond, boolean milestone) {
        if (terminal ? due(images) : milestone) {
            String text = label + "  " + counts(images, "", imagesPerSecond);
            if (terminal) {
                draw(text);
            } else {
                err.println(text);
                err.flush();
            }
        }
    }

    private boolean due(long images) {
        long now = System.nanoTime();
        if (lastRedraw != Long.MIN_VALUE && now - lastRedraw < REDRAW_NANOS && images < totalImages) {
            return false;
        }
        lastRedraw = now;
        return true;
    }

    private void draw(String text) {
        err.print((lineShown ? UP_AND_CLEAR : "") + text + "\n");
        err.flush();
        lineShown = true;
    }

    /** At every log interval: a plain line when stderr is not a terminal. */
    public void logged(LogEntry e) {
        if (!terminal) {
            err.println(format(e.step(), e.images(), e.loss(), e.imagesPerSecond()));
            err.flush();
        }
    }

    /** A message of its own, below the progress line, which is then drawn afresh under it. */
    public void message(String text) {
        err.println(text);
        err.flush();
        lineShown = false;
    }

    String format(long step, long images, double loss, double imagesPerSecond) {
        return "step " + step + "  " + counts(images, String.format(Locale.ROOT, "  loss %.4f", loss), imagesPerSecond);
    }

    /** Images done of the total, {@code between}, then images/s and the ETA. */
    private String counts(long images, String between, double imagesPerSecond) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s/%s images (%.1f%%)%s  %.1f img/s", ImageCount.approximate(images),
                ImageCount.format(totalImages), 100.0 * images / Math.max(totalImages, 1), between, imagesPerSecond));
        if (imagesPerSecond > 0 && images < totalImages) {
            sb.append("  ETA ").append(duration((totalImages - images) / imagesPerSecond));
        }
        return sb.toString();
    }

    /** {@code 1h05m}, {@code 4m10s} or {@code 12s}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
