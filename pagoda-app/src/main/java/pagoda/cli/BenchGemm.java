package pagoda.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pagoda.tensor.cpu.CpuBackend;

/** {@code pagoda bench gemm}: see {@link GemmWorkload}. */
@Command(name = "gemm", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "SGEMM C = A B with A [M, K], B [K, N] row-major (2MNK FLOP); prints one JSON line.")
final class BenchGemm implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--m", required = true, paramLabel = "M", converter = Converters.PositiveInt.class, description = "Rows of A and C.")
    int m;

    @Option(names = "--n", required = true, paramLabel = "N", converter = Converters.PositiveInt.class, description = "Columns of B and C.")
    int n;

    @Option(names = "--k", required = true, paramLabel = "K", converter = Converters.PositiveInt.class, description = "Columns of A, rows of B.")
    int k;

    @Mixin
    TimingOptions timing;

    @Mixin
    PeakOption peak;

    @Override
    public Integer call() {
        int threads = timing.threads();
        try (CpuBackend backend = new CpuBackend(threads)) {
            Workload w = BenchCommand.workload(spec, () -> new GemmWorkload(backend, m, n, k));
            double peakGflops = peak.gflops(threads);
            spec.commandLine().getOut().println(Measurement.of(w, threads, timing, peakGflops).json());
        }
        return 0;
    }
}
