package pagoda.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pagoda.eval.Psnr;
import pagoda.eval.Ssim;
import pagoda.image.PngGrid;
import pagoda.inverse.SuperResolution;
import pagoda.inverse.TeacherEncoder;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;
import pagoda.teacher.Teacher;

/**
 * The demo's super-resolution examples: low-resolution images encoded by the teacher's probability-flow ODE and
 * decoded in one step by a grown generator at its resolution ({@link SuperResolution}), beside the bicubic
 * enlargement of the same input, and, for held-out data, the truth with PSNR and SSIM of both.
 */
public final class SuperResolutionSection {
    /**
     * What to super-resolve.
     *
     * @param low         images [N, C, r, r] in [-1, 1] at the teacher's resolution r
     * @param truth       the same images [N, C, R, R] at the generator's resolution, or null when there is none
     * @param description where the images come from, for the report
     */
    public record Inputs(Tensor low, Tensor truth, String description) {
    }

    private final PrintWriter log;

    public SuperResolutionSection(PrintWriter log) {
        this.log = log;
    }

    /**
     * Super-resolves {@code in} with {@code grown}, writes the grid {@code superres-NAME.png} into {@code dir} and
     * adds the section to {@code report}.
     *
     * @param encoderLevels levels of the encoder's Karras grid (those the generator's pairs were encoded with)
     */
    public void add(Teacher teacher, Demo.NamedGenerator grown, Inputs in, int encoderLevels, Path dir, DemoReport report)
            throws IOException {
        int big = grown.generator().resolution();
        int n = in.low().size(0);
        log.println("demo: super-resolution of " + n + " images to " + big + "x" + big + " with " + grown.name());
        log.flush();
        SuperResolution sr = new SuperResolution(grown.generator(), TeacherEncoder.of(teacher, encoderLevels));
        long t0 = System.nanoTime();
        Tensor ours = sr.run(in.low(), null);
        double secondsPerImage = (System.nanoTime() - t0) * 1e-9 / n;
        Tensor bicubic = Ops.clamp(NnOps.resize(in.low(), big, big, ResizeFilter.BICUBIC, true), -1f, 1f);
        List<Tensor> rows = new ArrayList<>(List.of(display(in.low()), display(bicubic), display(ours)));
        if (in.truth() != null) {
            rows.add(display(in.truth()));
        }
        String file = "superres-" + grown.name() + ".png";
        PngGrid.write(dir.resolve(file), Ops.cat(0, rows.toArray(Tensor[]::new)), n, 2);
        int r = in.low().size(2);
        report.section("Super-resolution")
                .text(in.description() + ": each " + r + "x" + r + " image is encoded to the teacher's latent at sigma 80 ("
                        + encoderLevels + " grid levels, Heun) and decoded once by " + grown.name() + " at " + big + "x" + big
                        + ", detail the " + r + "x" + r + " teacher never saw. Rows: the input (nearest-neighbour enlargement),"
                        + " bicubic enlargement, PaGoDA" + (in.truth() == null ? "." : ", the original at " + big + "x" + big + "."))
                .image("Super-resolution " + r + " to " + big + " with " + grown.name(), file);
        List<List<String>> table = new ArrayList<>();
        table.add(in.truth() == null ? List.of("method", "s per image")
                : List.of("method", "PSNR (dB)", "SSIM", "s per image"));
        table.add(row("bicubic (PIL filter)", in.truth(), bicubic, Double.NaN));
        table.add(row("PaGoDA: encode + one step of " + grown.name(), in.truth(), ours, secondsPerImage));
        report.table(table);
        if (in.truth() != null) {
            report.text("PSNR and SSIM reward the average of the plausible answers, which a sharp guess is not, so a"
                    + " blurrier method can score higher while looking worse.");
        }
    }

    private static List<String> row(String method, Tensor truth, Tensor images, double secondsPerImage) {
        String time = Double.isNaN(secondsPerImage) ? "-" : String.format(Locale.ROOT, "%.3f", secondsPerImage);
        if (truth == null) {
            return List.of(method, time);
        }
        String ssim = truth.size(2) >= Ssim.WINDOW ? String.format(Locale.ROOT, "%.3f", Ssim.of(truth, images).mean()) : "-";
        return List.of(method, String.format(Locale.ROOT, "%.2f", Psnr.of(truth, images).mean()), ssim, time);
    }

    private static Tensor display(Tensor images) {
        int side = images.size(2);
        return side == Demo.DISPLAY ? images
                : NnOps.resize(images, Demo.DISPLAY, Demo.DISPLAY, side < Demo.DISPLAY ? ResizeFilter.BOX : ResizeFilter.BICUBIC,
                        side > Demo.DISPLAY);
    }
}
