package pagoda.cli;

import picocli.CommandLine.Option;
import pagoda.tensor.Backends;

/** Options every timed command shares: threads, repetitions, warm-up. */
final class TimingOptions {
    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "Threads of the CPU backend (default: all processors, or -Dpagoda.threads).")
    Integer threads;

    @Option(names = "--reps", paramLabel = "R", converter = Converters.PositiveInt.class,
            description = "Timed repetitions; the median is reported (default: ${DEFAULT-VALUE}).")
    int reps = 20;

    @Option(names = "--warmup-ms", paramLabel = "MS", converter = Converters.NonNegativeInt.class,
            description = "Untimed warm-up, at least one run (default: ${DEFAULT-VALUE}).")
    int warmupMillis = 2000;

    int threads() {
        return threads != null ? threads : Backends.defaultThreads();
    }
}
