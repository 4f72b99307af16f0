package pagoda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.decoder.GuidanceBank;
import pagoda.ode.Solver;
import pagoda.teacher.Teacher;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.train.Progress;
import pagoda.unet.UNetConfig;

/** {@code pagoda guidance-bank}: the guided teacher's samples the guided generator distils ({@link GuidanceBank}). */
@Command(name = "guidance-bank", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Writes the distillation targets of the guided generator: for entry i, the noise stream (S, i),",
                "class i mod K, a scale w_i uniform in [1, W_MAX] and the teacher's classifier-free-guided Heun",
                "sample at w_i from that noise (2 x (2 steps - 1) teacher calls per entry). Train with",
                "./pagoda train-decoder --guidance-bank FILE."})
final class GuidanceBankCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TeacherOption teacher;

    @Option(names = "--n", paramLabel = "N", converter = Converters.PositiveInt.class, description = "Entries (default: ${DEFAULT-VALUE}).")
    int n = 512;

    @Option(names = "--w-max", paramLabel = "W", description = "Largest guidance scale; w is uniform in [1, W] (default: ${DEFAULT-VALUE}).")
    double wMax = 4;

    @Option(names = "--steps", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Levels of the Karras grid of the Heun sampler (default: ${DEFAULT-VALUE}).")
    int steps = SampleTeacherCommand.DEFAULT_STEPS;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the noise and the scales (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class,
            description = "Entries per sampler call; the bank does not depend on it (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The bank to write (safetensors).")
    Path out;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        if (!(wMax >= 1) || Double.isInfinite(wMax)) {
            throw bad("--w-max " + wMax + ": expected a finite number >= 1");
        }
        if (steps < 2) {
            throw bad("--steps " + steps + ": the grid needs at least 2 levels");
        }
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        int t = threads.count();
        try (CpuBackend backend = new CpuBackend(t)) {
            Teacher net = teacher.load(spec, backend);
            UNetConfig c = net.config();
            if (c.labelDim() == 0) {
                throw bad("--teacher " + net.name() + ": the teacher is unconditional; guidance needs a class-conditional teacher");
            }
            if (c.labelDropout() == 0) {
                err.println(name + ": warning: the teacher was trained without label dropout, so its unconditional output "
                        + "(the zero label) was never trained");
            }
            Progress progress = new Progress(err, Progress.stderrIsTerminal(), n);
            long t0 = System.nanoTime();
            GuidanceBank bank = GuidanceBank.build(net.denoiser(), net.weightsSha256(), c.imgChannels(), c.imgResolution(),
                    c.labelDim(), backend, n, wMax, steps, seed, batch,
                    done -> progress.images(name, done, done / Math.max((System.nanoTime() - t0) * 1e-9, 1e-9), done == n));
            double seconds = (System.nanoTime() - t0) * 1e-9;
            bank.write(out);
            spec.commandLine().getOut().println(new Json()
                    .put("out", out.toString())
                    .put("n", n)
                    .put("w_max", wMax)
                    .put("steps", steps)
                    .put("seed", seed)
                    .put("evaluations_per_entry", 2 * Solver.HEUN.evaluations(steps, 0))
                    .put("seconds", seconds)
                    .put("threads", t)
                    .toString());
        }
        return 0;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
