package pagoda.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.decoder.GeneratorExport;
import pagoda.tensor.Backends;
import pagoda.tensor.DType;
import pagoda.train.ImageCount;

/** {@code pagoda export-generator}: a decoder run's EMA weights as a generator folder in 16-bit floats ({@link GeneratorExport}). */
@Command(name = "export-generator", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Exports the EMA weights of a train-decoder run as a generator folder:",
                "model.safetensors (F16, BF16 or F32), config.json, generator.json and training.json."})
final class ExportGeneratorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "RUN", description = "A train-decoder run folder.")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The generator folder to write.")
    Path out;

    @Option(names = "--dtype", paramLabel = "DTYPE", converter = ExportTeacherCommand.WeightType.class,
            description = "f16, bf16 or f32 (default: f16).")
    DType dtype = DType.F16;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(from)) {
            throw new ParameterException(spec.commandLine(), "--from " + from + ": no such run folder");
        }
        GeneratorExport.Result r;
        try {
            r = GeneratorExport.export(from, out, dtype, Backends.cpu());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--from " + from + ": " + e.getMessage());
        }
        String trained = r.last() == null ? "" : String.format(Locale.ROOT, ", trained on %s images in %.1f min",
                ImageCount.format(r.last().images()), r.last().trainingSeconds() / 60);
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "export-generator: %s (%.2fM values, %s, %.1f MB)%s",
                r.weights(), r.values() / 1e6, r.dtype().safetensorsName(), r.bytes() / 1e6, trained));
        return 0;
    }
}
