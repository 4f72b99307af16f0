package pagoda.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.decoder.OneStepGenerator;
import pagoda.image.ByteImage;
import pagoda.image.PilResize;
import pagoda.image.PngGrid;
import pagoda.inverse.ImageTensors;
import pagoda.inverse.SuperResolution;
import pagoda.inverse.TeacherEncoder;
import pagoda.ode.Encoder;
import pagoda.teacher.Teacher;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;

/** {@code pagoda superres}: one image encoded at the teacher's resolution and decoded by the generator at its own. */
@Command(name = "superres", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Super-resolves an image: encode at the teacher's resolution, decode with the generator.",
                "The image is brought to the teacher's resolution r by the data pipeline (PIL-exact box",
                "halvings, bicubic, centre crop) when it is not r x r, encoded by the teacher's PF-ODE",
                "(the encoder of ./pagoda encode) and decoded by the generator at its resolution R",
                "(R = r for a stage-2 generator, 2^k r for a grown one). --compare writes the input",
                "bicubic-upsampled to R beside the result.",
                "Without --teacher: the teacher the generator's generator.json records."})
final class SuperresCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GeneratorOption generator;

    @Mixin
    TeacherOption teacher;

    @Option(names = "--in", required = true, paramLabel = "IMAGE", description = "The low-resolution image (PNG, JPEG, ...).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The super-resolved image.")
    Path out;

    @Option(names = "--compare", paramLabel = "PNG", description = "Also writes bicubic | super-resolved side by side.")
    Path compare;

    @Option(names = "--class", paramLabel = "C", converter = Converters.NonNegativeInt.class,
            description = "The image's class, for class-conditional models.")
    Integer classLabel;

    @Option(names = "--encoder-steps", paramLabel = "L", converter = Converters.PositiveInt.class,
            description = "Levels of the encoder's grid, as ./pagoda encode --steps (default: ${DEFAULT-VALUE}).")
    int encoderLevels = Encoder.PAGODA_LEVELS;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        if (encoderLevels < 2) {
            throw new ParameterException(spec.commandLine(), "--encoder-steps " + encoderLevels + ": the grid needs at least 2 levels");
        }
        int t = threads.count();
        try (CpuBackend backend = new CpuBackend(t)) {
            OneStepGenerator g = generator.load(spec, backend);
            Teacher net = Models.teacher(spec, teacher, generator, g, backend);
            Tensor labels = Labels.of(spec, "--class", classLabel, g, 1, backend);
            ByteImage image = ImageTensors.toChannels(ImageInput.read(spec, "--in", in), g.channels());
            ByteImage low = ImageTensors.toResolution(List.of(image), g.latentResolution()).getFirst();
            long t0 = System.nanoTime();
            Tensor high = new SuperResolution(g, TeacherEncoder.of(net, encoderLevels))
                    .run(ImageTensors.of(backend, List.of(low)), labels);
            double seconds = (System.nanoTime() - t0) * 1e-9;
            PngGrid.write(out, high, 1, 0);
            if (compare != null) {
                ByteImage bicubic = PilResize.resize(low, g.resolution(), g.resolution(), ResizeFilter.BICUBIC);
                PngGrid.write(compare, List.of(bicubic, ImageTensors.bytes(high).getFirst()), 2, 1);
            }
            Json line = new Json().put("in", in.toString()).put("out", out.toString())
                    .put("input_size", image.width() + "x" + image.height())
                    .put("teacher_resolution", g.latentResolution())
                    .put("resolution", g.resolution())
                    .put("encoder_levels", encoderLevels)
                    .put("seconds", seconds);
            spec.commandLine().getOut().println(line.toString());
        }
        return 0;
    }
}
