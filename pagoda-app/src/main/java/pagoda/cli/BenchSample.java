package pagoda.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pagoda.decoder.TrainableGenerator;
import pagoda.decoder.OneStepSamples;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.cpu.Simd;

/**
 * {@code pagoda bench sample}: images per second of one-step sampling (noise, one forward pass of G, clamp)
 * at one batch size, the median of timed repetitions after a warm-up.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "One-step sampling of a generator (train-decoder run): images/s at --batch; prints one JSON line.")
final class BenchSample implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GeneratorOption generator;

    @Option(names = "--batch", required = true, paramLabel = "B", converter = Converters.PositiveInt.class, description = "Batch size.")
    int batch;

    @Mixin
    TimingOptions timing;

    @Override
    public Integer call() throws IOException {
        int threads = timing.threads();
        try (CpuBackend backend = new CpuBackend(threads)) {
            TrainableGenerator g = generator.load(spec, backend);
            OneStepSamples samples = new OneStepSamples(0, -1);
            Timing.Result r = Timing.measure(() -> samples.generate(g, backend, batch, batch, done -> { }), timing.reps,
                    timing.warmupMillis);
            spec.commandLine().getOut().println(new Json().put("bench", "sample").put("impl", "pagoda-j")
                    .put("generator", generator.generator).put("resolution", g.resolution())
                    .put("parameters", g.parameterCount()).put("batch", batch).put("threads", threads)
                    .put("vector_bits", Simd.F.vectorBitSize()).put("reps", timing.reps)
                    .put("median_ms", r.median()).put("min_ms", r.min()).put("images_per_s", batch / r.median() * 1e3));
        }
        return 0;
    }
}
