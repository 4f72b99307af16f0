package pagoda.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pagoda.decoder.OneStepGenerator;
import pagoda.image.ByteImage;
import pagoda.image.PngGrid;
import pagoda.inverse.ImageTensors;
import pagoda.inverse.LatentInverse;
import pagoda.inverse.Measurement;
import pagoda.teacher.Teacher;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;

/**
 * What inpaint, colorize and deblur share: one image in (brought to the generator's resolution R by the data
 * pipeline), its measurement y under the command's operator A, the latent fit of {@link LatentInverse}, the
 * result out; {@code --grid} draws measurement | baseline | result.
 */
abstract class LatentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GeneratorOption generator;

    @Mixin
    TeacherOption teacher;

    @Mixin
    LatentFitOptions fitOptions;

    @Option(names = "--in", required = true, paramLabel = "IMAGE", description = "The image (PNG, JPEG, ...).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The restored image, at the generator's resolution.")
    Path out;

    @Option(names = "--grid", paramLabel = "PNG", description = "Also writes measurement | baseline | result.")
    Path grid;

    @Option(names = "--class", paramLabel = "C", converter = Converters.NonNegativeInt.class,
            description = "The image's class, for class-conditional models.")
    Integer classLabel;

    @Mixin
    ThreadsOption threads;

    /** A(x) for images of G's shape; bad options are ParameterExceptions naming them. */
    abstract Measurement operator(Backend backend, OneStepGenerator g) throws IOException;

    /** y from the input image: A(input), or the input itself where the input is already the measurement. */
    Tensor measurements(Measurement a, Tensor input) {
        return a.apply(input);
    }

    @Override
    public Integer call() throws IOException {
        int t = threads.count();
        try (CpuBackend backend = new CpuBackend(t)) {
            OneStepGenerator g = generator.load(spec, backend);
            Teacher net = null;
            if (fitOptions.needsTeacher(spec)) {
                net = Models.teacher(spec, teacher, generator, g, backend);
            }
            Tensor labels = Labels.of(spec, "--class", classLabel, g, 1, backend);
            Measurement a = operator(backend, g);
            ByteImage image = ImageTensors.toChannels(ImageInput.read(spec, "--in", in), g.channels());
            Tensor x = ImageTensors.of(backend, ImageTensors.toResolution(List.of(image), g.resolution()));
            Tensor y = measurements(a, x);
            long t0 = System.nanoTime();
            LatentInverse.Outcome o = new LatentInverse(g, fitOptions.start(spec, net), fitOptions.fit()).solve(a, y, labels, 1, done -> {
            });
            double seconds = (System.nanoTime() - t0) * 1e-9;
            PngGrid.write(out, o.images(), 1, 0);
            if (grid != null) {
                Tensor shown = y.size(1) == g.channels() ? y : Ops.cat(1, y, y, y);
                PngGrid.write(grid, Ops.cat(0, Ops.clamp(shown, -1f, 1f), Ops.clamp(o.baseline(), -1f, 1f), o.images()), 3, 1);
            }
            spec.commandLine().getOut().println(new Json()
                    .put("in", in.toString())
                    .put("out", out.toString())
                    .put("operator", a.describe())
                    .put("init", fitOptions.init)
                    .put("fit_steps", fitOptions.steps)
                    .put("lr", fitOptions.lr)
                    .put("prior_weight", fitOptions.priorWeight)
                    .put("objective_start", o.meanStart())
                    .put("objective_end", o.meanEnd())
                    .put("seconds", seconds)
                    .put("threads", t)
                    .toString());
        }
        return 0;
    }
}
