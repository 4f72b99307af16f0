package pagoda.cli;

import picocli.CommandLine.Option;
import pagoda.tensor.Backends;

/** {@code --threads}: the CPU backend's thread count, all processors when not given. */
final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "Threads of the CPU backend (default: all processors).")
    Integer threads;

    int count() {
        return threads != null ? threads : Backends.defaultThreads();
    }
}
