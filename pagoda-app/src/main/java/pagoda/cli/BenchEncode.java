package pagoda.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.ode.Encoder;
import pagoda.ode.SigmaGrid;
import pagoda.ode.Solver;
import pagoda.teacher.BundledModels;
import pagoda.teacher.Teacher;
import pagoda.teacher.TeacherDenoiser;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.cpu.Simd;
import pagoda.tensor.io.Json;
import pagoda.train.TeacherPreset;
import pagoda.unet.EDMPrecond;
import pagoda.unet.UNetConfig;

/**
 * {@code pagoda bench encode}: the encoder's throughput, one batch of images through PaGoDA's encoder (the
 * grid of N levels upward, Heun, clamped denoiser) per repetition. The work does not depend on the weights'
 * values, so without a trained teacher the network of a preset with seeded random weights stands in.
 */
@Command(name = "encode", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Times PaGoDA's encoder on a batch of images (78 teacher calls each at 40",
                "levels); prints one JSON line: median ms per batch and images/s. Default",
                "network: the bundled teacher-emoji16, else its preset's network with seeded",
                "random weights."})
final class BenchEncode implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true)
    Network network;

    static final class Network {
        @Option(names = "--teacher", paramLabel = "T", description = "A teacher folder, weights file or bundled model name.")
        String teacher;

        @Option(names = "--preset", paramLabel = "NAME", description = "The network of a train-teacher preset, random weights.")
        String preset;

        @Option(names = "--config", paramLabel = "FILE", description = "A network config.json (EDM keyword arguments), random weights.")
        Path config;
    }

    @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class, description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--steps", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Levels of the encoder's grid (default: ${DEFAULT-VALUE}).")
    int levels = Encoder.PAGODA_LEVELS;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "Threads of the CPU backend (default: all processors, or -Dpagoda.threads).")
    Integer threads;

    @Option(names = "--reps", paramLabel = "R", converter = Converters.PositiveInt.class,
            description = "Timed batches; the median is reported (default: ${DEFAULT-VALUE}).")
    int reps = 3;

    @Option(names = "--warmup-ms", paramLabel = "MS", converter = Converters.NonNegativeInt.class,
            description = "Untimed warm-up, at least one batch (default: ${DEFAULT-VALUE}).")
    int warmupMillis = 0;

    @Override
    public Integer call() throws IOException {
        if (levels < 2) {
            throw bad("--steps " + levels + ": the grid needs at least 2 levels");
        }
        int t = threads != null ? threads : Backends.defaultThreads();
        try (CpuBackend backend = new CpuBackend(t)) {
            String name;
            String weights;
            EDMPrecond net;
            if (network != null && (network.preset != null || network.config != null)) {
                name = network.preset != null ? network.preset : network.config.toString();
                net = randomNetwork(backend, network.preset != null ? presetModel(network.preset) : readConfig(network.config));
                weights = "random";
            } else if (network != null || BundledModels.find(Teacher.DEFAULT) != null) {
                TeacherOption option = new TeacherOption();
                option.teacher = network != null ? network.teacher : Teacher.DEFAULT;
                Teacher teacher = option.load(spec, backend);
                name = teacher.name();
                net = teacher.net();
                weights = teacher.weightsSha256();
            } else {
                spec.commandLine().getErr().println(spec.qualifiedName() + ": no bundled " + Teacher.DEFAULT + " (looked in "
                        + BundledModels.candidates() + "); timing its preset's network with random weights");
                name = Teacher.DEFAULT;
                net = randomNetwork(backend, presetModel(Teacher.DEFAULT));
                weights = "random";
            }
            UNetConfig c = net.config();
            Encoder encoder = new Encoder(new TeacherDenoiser(net), SigmaGrid.karrasAscending(levels, SigmaGrid.SIGMA_MIN,
                    SigmaGrid.SIGMA_MAX, SigmaGrid.RHO), Solver.HEUN, true);
            Tensor images = Ops.uniform(backend, 1, 0, -1f, 1f, batch, c.imgChannels(), c.imgResolution(), c.imgResolution());
            Tensor labels = c.labelDim() > 0 ? Tensor.zeros(backend, batch, c.labelDim()) : null;
            Timing.Result timing = Timing.measure(() -> encoder.encode(images, labels), reps, warmupMillis);
            double seconds = timing.median() / 1e3;
            spec.commandLine().getOut().println(new pagoda.cli.Json()
                    .put("bench", "encode")
                    .put("impl", "pagoda-j")
                    .put("network", name)
                    .put("weights", weights)
                    .put("parameters", net.parameterCount())
                    .put("resolution", c.imgResolution())
                    .put("channels", c.imgChannels())
                    .put("batch", batch)
                    .put("levels", levels)
                    .put("evaluations_per_image", encoder.evaluations())
                    .put("threads", t)
                    .put("vector_bits", Simd.F.vectorBitSize())
                    .put("reps", reps)
                    .put("median_ms", timing.median())
                    .put("min_ms", timing.min())
                    .put("images_per_s", batch / seconds)
                    .toString());
        }
        return 0;
    }

    private static EDMPrecond randomNetwork(CpuBackend backend, UNetConfig config) {
        EDMPrecond net = new EDMPrecond(config, backend, 0);
        net.eval();
        return net;
    }

    private UNetConfig presetModel(String preset) throws IOException {
        try {
            return TeacherPreset.named(preset).model();
        } catch (IllegalArgumentException e) {
            throw bad("--preset: " + e.getMessage());
        }
    }

    private UNetConfig readConfig(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw bad("--config " + file + ": no such file");
        }
        try {
            var f = Json.readObject(file);
            return UNetConfig.parse(f.has("model") ? f.getObject("model") : f);
        } catch (IllegalArgumentException e) {
            throw bad("--config " + file + ": " + e.getMessage());
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
