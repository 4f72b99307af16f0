package pagoda.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pagoda.decoder.OneStepGenerator;
import pagoda.decoder.OneStepSamples;
import pagoda.image.PngGrid;
import pagoda.ode.Solver;
import pagoda.tensor.Backend;
import pagoda.tensor.NnOps;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;
import pagoda.teacher.Teacher;
import pagoda.teacher.TeacherSamples;

/**
 * {@code ./pagoda demo}: what PaGoDA does, shown with the bundled models. The teacher's multi-step samples at
 * its resolution beside the one-step generators' samples from the same noise (sample i of every sampler
 * starts from the noise stream (seed, i)), and the time each sampler takes per image. Writes the images and
 * {@code report.md} into a folder.
 */
public final class Demo {
    /** The side every grid tile is shown at, so that 16x16 and 128x128 images sit side by side. */
    public static final int DISPLAY = 128;

    /**
     * @param n            samples per sampler
     * @param seed         the noise seed
     * @param reps         timed runs per sampler (after one warm-up run)
     * @param teacherSteps levels of the teacher's Karras grid (Heun: 2 x steps - 1 evaluations)
     */
    public record Options(int n, long seed, int reps, int teacherSteps) {
        public Options {
            if (n < 1 || reps < 1 || teacherSteps < 2) {
                throw new IllegalArgumentException("demo: n and reps must be >= 1 and teacher steps >= 2, got " + n + ", "
                        + reps + ", " + teacherSteps);
            }
        }
    }

    /** A one-step generator and the name the report gives it. */
    public record NamedGenerator(String name, OneStepGenerator generator) {
    }

    private final Backend backend;
    private final PrintWriter log;

    public Demo(Backend backend, PrintWriter log) {
        this.backend = backend;
        this.log = log;
    }

    /** A one-step generator's timed samples and the grid file (in the report's folder) that shows them. */
    public record OneStepRun(String file, SamplerTiming timing) {
    }

    /**
     * Samples with the teacher and every generator, times them, and adds the samples and the timing table to
     * {@code report}; the grids go to {@code dir}.
     *
     * @return the teacher's samples [N, C, r, r]
     */
    public Tensor samples(Teacher teacher, List<NamedGenerator> generators, Options o, Path dir, DemoReport report)
            throws IOException {
        Files.createDirectories(dir);
        int r = teacher.config().imgResolution();
        TeacherSamples heun = new TeacherSamples(Solver.HEUN, o.teacherSteps(), -1, Double.NaN, o.seed());
        log.println("demo: " + o.n() + " teacher samples (Heun, " + heun.evaluations() + " evaluations each) at " + r + "x" + r);
        log.flush();
        SamplerTiming teacherTime = SamplerTiming.measure(
                () -> heun.generate(teacher, backend, o.n(), o.n(), done -> { }), o.reps());
        String teacherFile = "teacher-" + r + ".png";
        writeGrid(dir.resolve(teacherFile), teacherTime.images());
        report.section("Samples")
                .text("Sample i of every sampler starts from the same noise, the stream (seed " + o.seed() + ", i): the teacher"
                        + " integrates its probability-flow ODE from it in " + heun.evaluations() + " network evaluations; a"
                        + " one-step generator maps it to an image in one. Tiles are shown at " + DISPLAY + "x" + DISPLAY
                        + " (nearest-neighbour enlargement of smaller images).")
                .image("Teacher " + teacher.name() + ", Heun, " + heun.evaluations() + " evaluations, " + r + "x" + r, teacherFile);
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("sampler", "resolution", "network evaluations", "median s per image", "speed-up vs the teacher"));
        table.add(List.of("teacher " + teacher.name() + " (Heun)", r + "x" + r, Integer.toString(heun.evaluations()),
                seconds(teacherTime.secondsPerImage()), "1x"));
        for (NamedGenerator g : generators) {
            int gr = g.generator().resolution();
            OneStepRun run = oneStep(g, o, dir);
            report.image("One-step generator " + g.name() + ", 1 evaluation, " + gr + "x" + gr, run.file());
            table.add(List.of("one-step " + g.name(), gr + "x" + gr, "1", seconds(run.timing().secondsPerImage()),
                    String.format(Locale.ROOT, "%.1fx", teacherTime.secondsPerImage() / run.timing().secondsPerImage())));
        }
        report.section("Speed")
                .text("Wall time of a batch of " + o.n() + " samples divided by " + o.n() + ": the median of " + o.reps()
                        + " runs after one warm-up run, on this machine's CPU backend.")
                .table(table);
        return teacherTime.images();
    }

    /** Samples {@code g} from the demo's noise, timed, into the grid {@code onestep-NAME.png} in {@code dir}. */
    public OneStepRun oneStep(NamedGenerator g, Options o, Path dir) throws IOException {
        int gr = g.generator().resolution();
        log.println("demo: " + o.n() + " one-step samples of " + g.name() + " at " + gr + "x" + gr);
        log.flush();
        OneStepSamples sampler = new OneStepSamples(o.seed(), -1);
        SamplerTiming t = SamplerTiming.measure(() -> sampler.generate(g.generator(), backend, o.n(), o.n(), done -> { }), o.reps());
        String file = "onestep-" + g.name() + ".png";
        writeGrid(dir.resolve(file), t.images());
        return new OneStepRun(file, t);
    }

    /** Writes images [N, C, R, R] in [-1, 1] as a grid of {@link #DISPLAY}-pixel tiles. */
    static void writeGrid(Path file, Tensor images) throws IOException {
        int side = images.size(2);
        Tensor shown = side >= DISPLAY ? images : NnOps.resize(images, DISPLAY, DISPLAY, ResizeFilter.BOX, false);
        PngGrid.write(file, shown, PngGrid.squareColumns(images.size(0)), 2);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, s < 0.01 ? "%.5f" : "%.3f", s);
    }
}
