package pagoda.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code pagoda} command. Errors never reach the user as stack traces: bad arguments print one line
 * naming the option and exit with status 2, failures at run time print their message and exit with
 * status 1. {@code --debug} (or {@code -Dpagoda.debug=true}) adds the stack trace, for bug reports.
 */
@Command(name = "pagoda", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "PaGoDA (a one-step diffusion generator grown from a low-resolution teacher) in pure Java.",
        subcommands = {DemoCommand.class, DataCommand.class, TrainTeacherCommand.class, ExportTeacherCommand.class,
                EncodeCommand.class, SampleTeacherCommand.class, RoundtripCommand.class, TrainDecoderCommand.class, GuidanceBankCommand.class,
                TrainClassifierCommand.class, ClassifyCommand.class, GrowCommand.class,
                UpsampleCommand.class, ExportGeneratorCommand.class, SampleCommand.class, ReconstructCommand.class, SuperresCommand.class,
                InpaintCommand.class, ColorizeCommand.class, DeblurCommand.class, InverseEvalCommand.class, InterpolateCommand.class,
                ClassSwapCommand.class, Img2ImgCommand.class, EvalCommand.class,
                FeaturesCommand.class, BenchCommand.class, ConformanceCommand.class, InfoCommand.class},
        footer = {"", "Launcher commands (./pagoda only, not part of this program):",
                "  test    Runs the whole test suite with Maven; extra arguments go to Maven.",
                "  jdk     Prints the JDK the launcher found."})
public final class Main implements Callable<Integer> {
    static final int EXIT_RUNTIME_ERROR = 1;
    static final int EXIT_BAD_ARGUMENTS = 2;

    @Spec
    CommandSpec spec;

    /** Without a command: the usage on stderr, as for any other incomplete command line. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_BAD_ARGUMENTS;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = run(args, out, err);
        out.flush();
        System.exit(status);
    }

    /** Parses and runs one command line; returns the exit status. Tests call this with their own writers. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = Boolean.getBoolean("pagoda.debug") || Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new Main());
        cl.getCommandSpec().addOption(OptionSpec.builder("--debug")
                .scopeType(ScopeType.INHERIT)
                .description("Prints the stack trace of an error (also -Dpagoda.debug=true).")
                .build());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, badArgs) -> badArguments(ex, debug));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> failed(ex, cmd.getCommandSpec().qualifiedName(), err, debug));
        try {
            return cl.execute(args);
        } catch (ExceptionInInitializerError e) {
            // A bad system property (-Dpagoda.vector.bits, -Dpagoda.threads) fails a static initialiser.
            return failed(e.getCause() == null ? e : e.getCause(), "pagoda", err, debug);
        } catch (OutOfMemoryError e) {
            return failed(new IllegalStateException("out of memory (heap limit " + Memory.gib(Runtime.getRuntime().maxMemory())
                    + "); give the JVM more with PAGODA_JAVA_OPTS=-Xmx<size>", e), "pagoda", err, debug);
        }
    }

    private static int badArguments(ParameterException ex, boolean debug) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (debug) {
            ex.printStackTrace(err);
        }
        String name = cmd.getCommandSpec().qualifiedName();
        String hint = "";
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            hint = " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
        }
        err.println(name + ": " + ex.getMessage() + hint + "; see '" + name + " --help'");
        return EXIT_BAD_ARGUMENTS;
    }

    private static int failed(Throwable ex, String command, PrintWriter err, boolean debug) {
        if (debug) {
            ex.printStackTrace(err);
        }
        String message = ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
        err.println(command + ": error: " + message + (debug ? "" : " (--debug shows the stack trace)"));
        return EXIT_RUNTIME_ERROR;
    }
}
