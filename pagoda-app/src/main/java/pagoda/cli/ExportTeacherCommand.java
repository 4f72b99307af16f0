package pagoda.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import pagoda.tensor.Backends;
import pagoda.tensor.DType;
import pagoda.train.ImageCount;
import pagoda.train.TeacherExport;

/** {@code pagoda export-teacher}: a run's EMA weights as a teacher folder in 16-bit floats ({@link TeacherExport}). */
@Command(name = "export-teacher", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Exports the EMA weights of a train-teacher run as a teacher folder:",
                "model.safetensors (F16, BF16 or F32), config.json (EDM's keyword arguments) and training.json."})
final class ExportTeacherCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "RUN",
            description = "A train-teacher run folder (its newest checkpoint's EMA) or one of its checkpoint files.")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The teacher folder to write.")
    Path out;

    @Option(names = "--dtype", paramLabel = "DTYPE", converter = WeightType.class,
            description = "f16, bf16 or f32 (default: f16, whose 10-bit mantissa keeps small weights best).")
    DType dtype = DType.F16;

    static final class WeightType implements ITypeConverter<DType> {
        @Override
        public DType convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "f16", "fp16", "float16" -> DType.F16;
                case "bf16", "bfloat16" -> DType.BF16;
                case "f32", "fp32", "float32" -> DType.F32;
                default -> throw new TypeConversionException("expected f16, bf16 or f32, got '" + value + "'");
            };
        }
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(from)) {
            throw new ParameterException(spec.commandLine(), "--from " + from + ": no such run folder or checkpoint file");
        }
        TeacherExport.Result r;
        try {
            r = TeacherExport.export(from, out, dtype, Backends.cpu());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--from " + from + ": " + e.getMessage());
        }
        String trained = r.last() == null ? "" : String.format(Locale.ROOT, ", trained on %s images in %.1f min",
                ImageCount.format(r.last().images()), r.last().trainingSeconds() / 60);
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "export-teacher: %s (%.2fM values, %s, %.1f MB)%s",
                r.weights(), r.parameters() / 1e6, r.dtype().safetensorsName(), r.bytes() / 1e6, trained));
        return 0;
    }
}
