package pagoda.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.cpu.Simd;

/**
 * {@code pagoda demo}, the main job. The PaGoDA stages (teacher, ODE encoder, growing decoder) do not
 * exist yet, so for now it benchmarks the kernels they will spend their time in and says so; the stages
 * replace this as their issues land.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "The main job. For now: the CPU benchmark (GEMM, 3x3 convolution) until the PaGoDA stages exist.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TimingOptions timing = defaults();

    private static TimingOptions defaults() {
        TimingOptions t = new TimingOptions();
        t.reps = 5;
        return t;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int threads = timing.threads();
        out.println("pagoda demo: the PaGoDA stages (teacher UNet, ODE encoder, one-step decoder) are not implemented");
        out.println("yet, so for now the demo benchmarks the CPU kernels they will spend most of their time in:");
        out.println("SGEMM and 3x3 convolution, on " + threads + " threads with " + Simd.F.vectorBitSize() + "-bit vectors.");
        out.println("'pagoda bench' prints the same measurements as JSON lines, for scripts.");
        out.println();
        out.print("FP32 peak of " + threads + " threads (register-resident FMA loop, as 'pagoda bench peak'): ");
        out.flush();
        double peak = FmaPeak.of(threads).gflops();
        out.println(String.format(Locale.ROOT, "%.1f GFLOP/s", peak));
        out.println();
        out.println(String.format(Locale.ROOT, "%-44s %10s %9s %8s", "benchmark", "median ms", "GFLOP/s", "of peak"));
        List<Function<CpuBackend, Workload>> workloads = List.of(
                b -> new GemmWorkload(b, 1024, 1024, 1024),
                b -> new ConvWorkload(b, 8, 128, 32, 32, 128, 3, 1, 1, false),
                b -> new ConvWorkload(b, 8, 128, 32, 32, 128, 3, 1, 1, true));
        try (CpuBackend backend = new CpuBackend(threads)) {
            for (Function<CpuBackend, Workload> make : workloads) {
                Workload w = make.apply(backend);
                Measurement m = Measurement.of(w, threads, timing, peak);
                out.println(String.format(Locale.ROOT, "%-44s %10.2f %9.1f %7.1f%%", w.label(), m.timing().median(),
                        m.gflops(), 100 * m.fractionOfPeak()));
            }
        }
        out.println();
        out.println("Each time is the median of " + timing.reps + (timing.reps == 1 ? " run" : " runs")
                + " after warm-up. Against PyTorch: bench/peers/run-cpu.sh, bench/results/cpu.md.");
        return 0;
    }
}
