package pagoda.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import jdk.incubator.vector.FloatVector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import pagoda.tensor.Backends;
import pagoda.tensor.cpu.Simd;

/** {@code pagoda info}: what a bug report or a benchmark table needs to know about this machine and JVM. */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Shows the JDK, JVM flags, vector species, threads, CPU model and backends.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        line(out, "pagoda-j", Version.project());
        line(out, "JDK", Runtime.version() + " (" + System.getProperty("java.vm.vendor") + "), " + System.getProperty("java.home"));
        line(out, "JVM flags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        line(out, "max heap", Memory.gib(Runtime.getRuntime().maxMemory()));
        line(out, "CPU", CpuInfo.describe());
        line(out, "processors", Runtime.getRuntime().availableProcessors() + " available to this JVM");
        line(out, "vector species", Simd.F + ": " + Simd.F.vectorBitSize() + " bits, " + Simd.LANES + " float lanes (widest here: "
                + FloatVector.SPECIES_PREFERRED.vectorBitSize() + " bits; -Dpagoda.vector.bits narrows it)");
        line(out, "threads", Backends.defaultThreads() + " (default of the CPU backend; -Dpagoda.threads or --threads changes it)");
        String key = "backends";
        for (Map.Entry<String, String> b : Backends.describeAll().entrySet()) {
            line(out, key, b.getKey() + ": " + b.getValue());
            key = "";
        }
        return 0;
    }

    private static void line(PrintWriter out, String key, String value) {
        out.println(String.format(Locale.ROOT, "%-15s %s", key, value));
    }
}
