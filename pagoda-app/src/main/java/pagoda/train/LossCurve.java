package pagoda.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import pagoda.tensor.io.AtomicFiles;

/**
 * Draws the training loss against the images seen as a PNG: each log entry's mean loss (light) and an
 * exponential moving average of it (dark), on a logarithmic loss axis, since the EDM loss falls by orders
 * of magnitude early and then creeps.
 */
public final class LossCurve {
    public static final String FILE = "loss.png";

    static {
        // Plots are drawn off-screen; without this, AWT looks for a display on machines that have one.
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 800;
    private static final int HEIGHT = 480;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;
    /** Weight of the newest entry in the smoothed curve. */
    private static final double SMOOTHING = 0.1;

    private LossCurve() {
    }

    /** Writes the plot of {@code entries} to {@code file}, atomically. */
    public static void write(Path file, List<LogEntry> entries, String title) throws IOException {
        write(file, entries, title, LogEntry::loss);
    }

    /** Writes the plot of one number of each entry ({@code value}, positive values only), atomically. */
    public static void write(Path file, List<LogEntry> entries, String title, ToDoubleFunction<LogEntry> value) throws IOException {
        BufferedImage image = draw(entries, title, value);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this JDK (javax.imageio)");
            }
        });
    }

    static BufferedImage draw(List<LogEntry> entries, String title) {
        return draw(entries, title, LogEntry::loss);
    }

    static BufferedImage draw(List<LogEntry> entries, String title, ToDoubleFunction<LogEntry> value) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.BLACK);
            g.drawString(title, LEFT, TOP - 10);
            g.drawRect(LEFT, TOP, plotWidth(), plotHeight());
            g.drawString("images", LEFT + plotWidth() / 2 - 20, HEIGHT - 10);
            double[] x = new double[entries.size()];
            double[] y = new double[entries.size()];
            int n = 0;
            for (LogEntry e : entries) {
                double v = value.applyAsDouble(e);
                if (v > 0 && Double.isFinite(v)) {
                    x[n] = e.images();
                    y[n] = Math.log10(v);
                    n++;
                }
            }
            if (n == 0) {
                g.drawString("no loss logged yet", LEFT + 20, TOP + 30);
                return image;
            }
            double xMax = Math.max(x[n - 1], 1);
            double yMin = Double.POSITIVE_INFINITY;
            double yMax = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                yMin = Math.min(yMin, y[i]);
                yMax = Math.max(yMax, y[i]);
            }
            yMin = Math.floor(yMin * 10) / 10;
            yMax = Math.max(Math.ceil(yMax * 10) / 10, yMin + 0.1);
            axes(g, xMax, yMin, yMax);
            double[] smooth = new double[n];
            smooth[0] = y[0];
            for (int i = 1; i < n; i++) {
                smooth[i] = smooth[i - 1] + SMOOTHING * (y[i] - smooth[i - 1]);
            }
            curve(g, x, y, n, xMax, yMin, yMax, new Color(150, 180, 230), 1f);
            curve(g, x, smooth, n, xMax, yMin, yMax, new Color(20, 60, 160), 2f);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void axes(Graphics2D g, double xMax, double yMin, double yMax) {
        g.setColor(Color.DARK_GRAY);
        for (int i = 0; i <= 4; i++) {
            double v = yMin + (yMax - yMin) * i / 4;
            int py = py(v, yMin, yMax);
            g.drawLine(LEFT - 4, py, LEFT, py);
            g.drawString(String.format("%.3g", Math.pow(10, v)), 5, py + 4);
            long images = Math.round(xMax * i / 4);
            int px = px(images, xMax);
            g.drawLine(px, TOP + plotHeight(), px, TOP + plotHeight() + 4);
            g.drawString(ImageCount.format(roundForLabel(images)), px - 15, TOP + plotHeight() + 18);
        }
        g.drawString("loss", 5, TOP - 10);
    }

    /** Tick labels to two significant digits: 12345 reads 12k rather than 12345. */
    private static long roundForLabel(long images) {
        if (images < 100) {
            return images;
        }
        long unit = 1;
        while (images / unit >= 100) {
            unit *= 10;
        }
        return images / unit * unit;
    }

    private static void curve(Graphics2D g, double[] x, double[] y, int n, double xMax, double yMin, double yMax,
                              Color color, float width) {
        g.setColor(color);
        g.setStroke(new BasicStroke(width));
        Path2D.Double path = new Path2D.Double();
        path.moveTo(px(x[0], xMax), py(y[0], yMin, yMax));
        for (int i = 1; i < n; i++) {
            path.lineTo(px(x[i], xMax), py(y[i], yMin, yMax));
        }
        g.draw(path);
    }

    private static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    private static int px(double images, double xMax) {
        return LEFT + (int) Math.round(images / xMax * plotWidth());
    }

    private static int py(double log10Loss, double yMin, double yMax) {
        return TOP + plotHeight() - (int) Math.round((log10Loss - yMin) / (yMax - yMin) * plotHeight());
    }
}
