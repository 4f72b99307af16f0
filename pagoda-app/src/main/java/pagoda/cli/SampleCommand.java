package pagoda.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.decoder.OneStepGenerator;
import pagoda.decoder.OneStepSamples;
import pagoda.tensor.cpu.CpuBackend;

/** {@code pagoda sample}: one-step samples of a generator as a PNG grid, and optionally as safetensors. */
@Command(name = "sample", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"One-step samples of a generator (a train-decoder run).",
                "Sample i is G(80 eps_i) with eps_i from the noise stream (seed, i): the latents sample-teacher",
                "starts from with the same seed. Writes a PNG grid; --samples also writes the images",
                "[N, C, H, W] in [-1, 1] as safetensors (tensor 'images', as ./pagoda eval reads them)."})
final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GeneratorOption generator;

    @Mixin
    SampleOutput output;

    @Option(names = "--class", paramLabel = "C", converter = Converters.NonNegativeInt.class,
            description = "Class of every sample (class-conditional generators; default: sample i has class i mod K).")
    Integer classLabel;

    @Option(names = "--guidance", paramLabel = "W",
            description = "Guidance scale w of a guided generator (train-decoder --guidance-bank; default: 1, plain PaGoDA).")
    double guidance = 1;

    @Override
    public Integer call() throws IOException {
        int t = output.threads();
        try (CpuBackend backend = new CpuBackend(t)) {
            OneStepGenerator g = generator.load(spec, backend);
            int classes = g.classes();
            if (classLabel != null && (classes == 0 || classLabel >= classes)) {
                throw new ParameterException(spec.commandLine(), "--class " + classLabel + ": " + (classes == 0
                        ? "the generator is unconditional" : "the generator has classes 0 .. " + (classes - 1)));
            }
            if (!Double.isFinite(guidance)) {
                throw new ParameterException(spec.commandLine(), "--guidance " + guidance + ": expected a finite number");
            }
            if (guidance != 1 && !g.guided()) {
                throw new ParameterException(spec.commandLine(), "--guidance " + guidance + ": the generator " + generator.folder()
                        + " was trained without guidance (train-decoder --guidance-bank trains one that takes w)");
            }
            OneStepSamples plan = new OneStepSamples(output.seed, classLabel != null ? classLabel : -1);
            SampleOutput.Timed run = output.run(spec, done -> plan.generate(g, backend, output.n, output.batch, guidance, done));
            output.write(run.images(), "generator", generator.folder().toAbsolutePath().toString(), "sampler", "one-step",
                    "class", classLabel != null ? classLabel.toString() : "", "guidance", Double.toString(guidance));
            spec.commandLine().getOut().println(output.summary(run, t, line -> line.put("evaluations_per_sample", 1)));
        }
        return 0;
    }
}
