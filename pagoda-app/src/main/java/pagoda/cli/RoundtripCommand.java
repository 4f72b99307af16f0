package pagoda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import pagoda.data.ImageDataset;
import pagoda.data.Split;
import pagoda.teacher.RoundTrip;
import pagoda.teacher.Teacher;
import pagoda.tensor.cpu.CpuBackend;

/** {@code pagoda roundtrip}: the encoder's round-trip error against the grid size ({@link RoundTrip}), one JSON line per N. */
@Command(name = "roundtrip", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Encodes images with the teacher's encoder and generates them back on the",
                "same Karras grid of N levels; prints one JSON line per N: mean, max and RMS",
                "absolute error (pixels in [-1, 1])."})
final class RoundtripCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TeacherOption teacher;

    @Mixin
    DataOptions data;

    @Option(names = "--split", paramLabel = "SPLIT", converter = DataCommand.SplitConverter.class,
            description = "train, test (the fixed held-out part) or all (default: ${DEFAULT-VALUE}).")
    Split split = Split.TEST;

    @Option(names = "--n", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Images: the first N of the split (default: ${DEFAULT-VALUE}).")
    int n = 64;

    @Option(names = "--steps", paramLabel = "N,N,...", split = ",", converter = Levels.class,
            description = "Grid sizes (levels) to try, comma-separated (default: 9,17,33,40,65).")
    int[] levels = {9, 17, 33, 40, 65};

    @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class,
            description = "Images per teacher call (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Mixin
    ThreadsOption threads;

    /** One grid size: at least 2 levels. */
    static final class Levels implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int v;
            try {
                v = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 2) {
                throw new TypeConversionException("expected grid sizes >= 2, comma-separated; got '" + value + "'");
            }
            return v;
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        String name = spec.qualifiedName();
        int t = threads.count();
        try (CpuBackend backend = new CpuBackend(t)) {
            Teacher net = teacher.load(spec, backend);
            ImageDataset ds = data.open(spec, net.config(), split, null, line -> err.println(name + ": " + line));
            if (n > ds.size()) {
                throw new ParameterException(spec.commandLine(), "--n " + n + ": the " + split + " split of " + data.source + " holds "
                        + ds.size() + " images");
            }
            for (int level : levels) {
                RoundTrip r = RoundTrip.measure(net.denoiser(), ds, n, net.config().labelDim() > 0, level, batch, backend);
                out.println(new Json()
                        .put("levels", r.levels())
                        .put("images", r.images())
                        .put("encode_evaluations", r.encodeEvaluations())
                        .put("generate_evaluations", r.generateEvaluations())
                        .put("mean_abs_error", r.meanAbsError())
                        .put("max_abs_error", r.maxAbsError())
                        .put("rms_error", r.rmsError())
                        .put("seconds", r.seconds())
                        .put("teacher", net.name())
                        .put("data", data.source.toString())
                        .put("split", split.toString())
                        .toString());
                out.flush();
            }
        }
        return 0;
    }
}
