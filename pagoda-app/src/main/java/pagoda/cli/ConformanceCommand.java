package pagoda.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pagoda conformance}: computes what a reference fixture's expected outputs hold, from its inputs only. */
@Command(name = "conformance", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Runs a model on a reference fixture's inputs and writes the results for comparison.",
        subcommands = {ConformanceEdm.class})
final class ConformanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.EXIT_BAD_ARGUMENTS;
    }
}
