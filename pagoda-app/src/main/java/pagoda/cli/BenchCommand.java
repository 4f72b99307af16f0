package pagoda.cli;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pagoda bench}: the kernel benchmarks for scripts, one JSON line each (bench/peers/run-cpu.sh reads them). */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Times one CPU kernel, the teacher, the encoder or one-step sampling and prints one JSON line (median ms, GFLOP/s or images/s).",
        subcommands = {BenchGemm.class, BenchConv.class, BenchPeak.class, BenchTeacher.class, BenchEncode.class, BenchSample.class})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.EXIT_BAD_ARGUMENTS;
    }

    /** Builds a workload, turning its shape complaints into bad-argument errors of {@code command}. */
    static Workload workload(CommandSpec command, Supplier<Workload> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }
}
