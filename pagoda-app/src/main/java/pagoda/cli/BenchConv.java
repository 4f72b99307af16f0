package pagoda.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pagoda.tensor.cpu.CpuBackend;

/** {@code pagoda bench conv}: see {@link ConvWorkload}. */
@Command(name = "conv", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "2-D convolution [N, C, H, W] -> [N, K, P, Q], forward or forward+backward; prints one JSON line.")
final class BenchConv implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--n", required = true, paramLabel = "N", converter = Converters.PositiveInt.class, description = "Batch size.")
    int n;

    @Option(names = "--c", required = true, paramLabel = "C", converter = Converters.PositiveInt.class, description = "Input channels.")
    int c;

    @Option(names = "--h", required = true, paramLabel = "H", converter = Converters.PositiveInt.class, description = "Input height.")
    int h;

    @Option(names = "--w", required = true, paramLabel = "W", converter = Converters.PositiveInt.class, description = "Input width.")
    int w;

    @Option(names = "--k", required = true, paramLabel = "K", converter = Converters.PositiveInt.class, description = "Output channels.")
    int k;

    @Option(names = "--kernel", paramLabel = "R", converter = Converters.PositiveInt.class,
            description = "Square kernel size (default: ${DEFAULT-VALUE}).")
    int kernel = 3;

    @Option(names = "--stride", paramLabel = "S", converter = Converters.PositiveInt.class, description = "Stride (default: ${DEFAULT-VALUE}).")
    int stride = 1;

    @Option(names = "--pad", paramLabel = "P", converter = Converters.NonNegativeInt.class,
            description = "Zero padding on every side (default: ${DEFAULT-VALUE}).")
    int pad = 1;

    @Option(names = "--backward", description = "Also compute the data and weight gradients (3x the forward FLOP).")
    boolean backward;

    @Mixin
    TimingOptions timing;

    @Mixin
    PeakOption peak;

    @Override
    public Integer call() {
        int threads = timing.threads();
        try (CpuBackend backend = new CpuBackend(threads)) {
            Workload work = BenchCommand.workload(spec,
                    () -> new ConvWorkload(backend, n, c, h, w, k, kernel, stride, pad, backward));
            double peakGflops = peak.gflops(threads);
            spec.commandLine().getOut().println(Measurement.of(work, threads, timing, peakGflops).json());
        }
        return 0;
    }
}
