package pagoda.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pagoda.eval.FeaturesV1;
import pagoda.tensor.Backends;
import pagoda.tensor.DType;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensorsWriter;

/** {@code pagoda features}: the project's feature networks for the metrics. */
@Command(name = "features", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "The feature networks of the metrics (see models/features-v1/README.md).",
        subcommands = {FeaturesCommand.Init.class})
final class FeaturesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.EXIT_BAD_ARGUMENTS;
    }

    /** {@code pagoda features init}: writes the features-v1 weights from their seeded definition. */
    @Command(name = "init", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Writes the features-v1 weights (Philox seed 0x5EEDF1, He-normal, float16) to a safetensors file.")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: ${DEFAULT-VALUE}).")
        Path out = Path.of("models/features-v1/features-v1.safetensors");

        @Override
        public Integer call() throws IOException {
            Map<String, Tensor> weights = FeaturesV1.seededWeights(Backends.cpu());
            SafeTensorsWriter w = new SafeTensorsWriter()
                    .metadata("format", "pagoda-features")
                    .metadata("network", FeaturesV1.NAME)
                    .metadata("init", "He-normal N(0, 2/fan_in), Philox4x32-10 seed " + FeaturesV1.SEED + ", layers in order, float16");
            weights.forEach((k, t) -> w.put(k, t, DType.F16));
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            w.write(out);
            spec.commandLine().getOut().println(new Json().put("network", FeaturesV1.NAME).put("file", out.toString())
                    .put("tensors", weights.size()).put("bytes", Files.size(out)));
            return 0;
        }
    }
}
