package pagoda.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pagoda.tensor.Backends;
import pagoda.tensor.cpu.Simd;

/** {@code pagoda bench peak}: see {@link FmaPeak}. */
@Command(name = "peak", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Measures the FP32 FMA peak with a register-resident Vector-API loop; prints one JSON line.")
final class BenchPeak implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "Threads, all running at once (default: all processors, or -Dpagoda.threads).")
    Integer threads;

    @Option(names = "--reps", paramLabel = "R", converter = Converters.PositiveInt.class,
            description = "Rounds of about 100 ms; the best is the peak (default: ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(names = "--warmup-ms", paramLabel = "MS", converter = Converters.NonNegativeInt.class,
            description = "Warm-up before the first round (default: ${DEFAULT-VALUE}).")
    int warmupMillis = 300;

    @Override
    public Integer call() {
        int t = threads != null ? threads : Backends.defaultThreads();
        FmaPeak.Result r = FmaPeak.measure(t, rounds, warmupMillis);
        spec.commandLine().getOut().println(new Json()
                .put("bench", "peak")
                .put("impl", "pagoda-j")
                .put("threads", t)
                .put("vector_bits", Simd.F.vectorBitSize())
                .put("accumulators", FmaPeak.ACCUMULATORS)
                .put("rounds", r.rounds())
                .put("gflops", r.gflops())
                .put("median_gflops", r.medianGflops())
                .put("gflops_per_thread", r.gflops() / t));
        return 0;
    }
}
