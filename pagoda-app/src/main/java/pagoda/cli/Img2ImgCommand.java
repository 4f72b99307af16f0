package pagoda.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import pagoda.inverse.TeacherEncoder;
import pagoda.ode.Encoder;
import pagoda.teacher.Teacher;
import pagoda.tensor.Ops;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;

/** {@code pagoda img2img}: a real image encoded by the teacher, decoded by the generator with other classes. */
@Command(name = "img2img", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Image-to-image translation across classes: each image is brought to the teacher's",
                "resolution (data pipeline), encoded by the teacher's PF-ODE with its own class (--class), and",
                "its latent decoded with each class of --to. Row per image: the input (bicubic to the",
                "generator's resolution), then one column per target class. Needs a class-conditional generator.",
                "Without --teacher: the teacher the generator's generator.json records."})
final class Img2ImgCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GeneratorOption generator;

    @Mixin
    TeacherOption teacher;

    @Option(names = "--in", required = true, paramLabel = "IMAGE", description = "An image; repeat for more rows.")
    List<Path> in;

    @Option(names = "--class", required = true, paramLabel = "C",
            converter = Converters.NonNegativeInt.class, description = "The class of the input images (their own label, for the encoder).")
    int sourceClass;

    @Option(names = "--to", paramLabel = "C,..", split = ",", converter = Converters.NonNegativeInt.class,
            description = "Target classes, one column each (default: all).")
    List<Integer> to;

    @Option(names = "--encoder-steps", paramLabel = "L", converter = Converters.PositiveInt.class,
            description = "Levels of the encoder's grid, as ./pagoda encode --steps (default: ${DEFAULT-VALUE}).")
    int encoderLevels = Encoder.PAGODA_LEVELS;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The PNG grid to write.")
    Path out;

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
            Models.needClasses(spec, generator.generator, g, "image-to-image translation across classes");
            Models.checkClass(spec, "--class", sourceClass, g);
            int[] columns = ClassList.of(spec, "--to", to, g);
            Teacher net = Models.teacher(spec, teacher, generator, g, backend);
            Encoder encoder = TeacherEncoder.of(net, encoderLevels);
            int r = g.latentResolution();
            List<ByteImage> images = new ArrayList<>();
            for (Path p : in) {
                images.add(ImageTensors.toChannels(ImageInput.read(spec, "--in", p), g.channels()));
            }
            List<ByteImage> low = ImageTensors.toResolution(images, r);
            Tensor x = ImageTensors.of(backend, low);
            Tensor labels = net.config().labelDim() > 0 ? Labels.oneHot(backend, g.classes(), sourceClass, low.size()) : null;
            Tensor z = encoder.encode(x, labels);
            Tensor[] rows = new Tensor[low.size()];
            for (int i = 0; i < low.size(); i++) {
                ByteImage shown = PilResize.resize(low.get(i), g.resolution(), g.resolution(), ResizeFilter.BICUBIC);
                rows[i] = Ops.cat(0, ImageTensors.of(backend, List.of(shown)), ClassList.decode(g, z.slice(0, i, i + 1).contiguous(), columns, backend));
            }
            PngGrid.write(out, Ops.cat(0, rows), columns.length + 1, 1);
            spec.commandLine().getOut().println(new Json().put("out", out.toString()).put("images", low.size())
                    .put("classes", columns.length).put("encoder_levels", encoderLevels).put("resolution", g.resolution()).toString());
        }
        return 0;
    }
}
