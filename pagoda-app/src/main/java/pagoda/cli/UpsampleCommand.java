package pagoda.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.eval.FeatureExtraction;
import pagoda.eval.SafeTensorsImages;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.io.SafeTensorsWriter;

/**
 * {@code pagoda upsample}: an image set taken to R x R with PIL's antialiased bicubic filter, clamped, as eval
 * resizes: the bicubic baselines of a grown generator (the teacher's or stage 2's 16 x 16 samples and
 * reconstructions at 32, 64, 128).
 */
@Command(name = "upsample", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Resizes an image set to RxR (antialiased bicubic, as eval and the data pipeline resize).",
                "Reads and writes safetensors with a tensor 'images' [N, C, H, W] in [-1, 1]: the bicubic",
                "baselines of a grown generator, e.g. 16x16 teacher samples brought to 128x128."})
final class UpsampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Images (.safetensors, tensor 'images').")
    Path in;

    @Option(names = "--resolution", required = true, paramLabel = "R", converter = Converters.PositiveInt.class,
            description = "The side to resize to.")
    int resolution;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The resized images (.safetensors).")
    Path out;

    @Override
    public Integer call() throws IOException {
        try (CpuBackend backend = new CpuBackend(Backends.defaultThreads())) {
            Tensor images;
            try (SafeTensorsImages set = SafeTensorsImages.open(in)) {
                images = set.read(0, set.size(), backend);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--in " + in + ": " + e.getMessage());
            }
            Tensor resized = FeatureExtraction.atResolution(images, resolution);
            new SafeTensorsWriter().metadata("format", "pagoda.samples/1").metadata("resized_from", in.toAbsolutePath().toString())
                    .put(SafeTensorsImages.TENSOR, resized).write(out);
            spec.commandLine().getOut().println(new Json().put("in", in.toString()).put("out", out.toString())
                    .put("n", images.size(0)).put("from", images.size(2)).put("resolution", resolution).toString());
        }
        return 0;
    }
}
