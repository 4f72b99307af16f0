package pagoda.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import pagoda.image.PngGrid;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensorsWriter;
import pagoda.train.Progress;

/**
 * What {@code sample} and {@code sample-teacher} share: how many samples, their seed and batch, the PNG grid and
 * the optional safetensors file they write ({@code pagoda.samples/1}, as {@code ./pagoda eval} reads it), the
 * progress line and the JSON line they print.
 */
final class SampleOutput {
    @Option(names = "--n", paramLabel = "N", converter = Converters.PositiveInt.class, description = "Samples (default: ${DEFAULT-VALUE}).")
    int n = 64;

    @Option(names = "--seed", paramLabel = "S", description = "Seed; sample i uses the noise stream (S, i) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class,
            description = "Samples per batch; the samples do not depend on it (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The PNG grid to write.")
    Path out;

    @Option(names = "--samples", paramLabel = "FILE", description = "Also writes the samples as safetensors (tensor 'images', F32).")
    Path samples;

    @Mixin
    ThreadsOption threads;

    /** Images [N, C, H, W] in [-1, 1] and the wall time that made them. */
    record Timed(Tensor images, double seconds) {
    }

    int threads() {
        return threads.count();
    }

    /** Runs {@code sampler} (told the samples finished so far) with a progress line on stderr. */
    Timed run(CommandSpec spec, Function<IntConsumer, Tensor> sampler) {
        String name = spec.qualifiedName();
        Progress progress = new Progress(spec.commandLine().getErr(), Progress.stderrIsTerminal(), n);
        long t0 = System.nanoTime();
        Tensor images = sampler.apply(done -> progress.images(name, done,
                done / Math.max((System.nanoTime() - t0) * 1e-9, 1e-9), done == n));
        return new Timed(images, (System.nanoTime() - t0) * 1e-9);
    }

    /**
     * Writes the grid and, with --samples, the safetensors file with the seed and the sampler's metadata.
     *
     * @param metadata key, value, key, value, ... in the order they are written
     */
    void write(Tensor images, String... metadata) throws IOException {
        PngGrid.write(out, images, PngGrid.squareColumns(n), 1);
        if (samples != null) {
            SafeTensorsWriter w = new SafeTensorsWriter().metadata("format", "pagoda.samples/1");
            for (int i = 0; i + 1 < metadata.length; i += 2) {
                w.metadata(metadata[i], metadata[i + 1]);
            }
            w.metadata("seed", Long.toString(seed)).put("images", images).write(samples);
        }
    }

    /** The JSON line of a run: the files and counts, the sampler's {@code fields}, then the timing. */
    Json summary(Timed t, int threads, Consumer<Json> fields) {
        Json line = new Json().put("out", out.toString());
        if (samples != null) {
            line.put("samples", samples.toString());
        }
        line.put("n", n).put("batch", batch);
        fields.accept(line);
        return line.put("seconds", t.seconds()).put("images_per_s", n / t.seconds()).put("threads", threads);
    }
}
