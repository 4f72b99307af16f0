package pagoda.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.teacher.SamplerCase;
import pagoda.unet.conformance.ConformanceCase;
import pagoda.unet.conformance.EdmConformance;

/**
 * {@code pagoda conformance edm}: the EDM teacher on a fixture in the format of ../shared/fixtures/README.md.
 * It reads config.json, model.safetensors and only the inputs of denoise, grads, edmloss and sampler, and
 * writes OUT/denoise.safetensors (D), OUT/grads.safetensors (grad.x, grad.PARAM), OUT/edmloss.safetensors
 * (loss, grad.PARAM) and OUT/sampler.safetensors (heun, euler, encoded, encoded_clamped).
 */
@Command(name = "edm", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "EDMPrecond + DhariwalUNet on DIR's inputs: writes denoise, grads, edmloss and sampler .safetensors to OUT.")
final class ConformanceEdm implements Callable<Integer> {
    /** The backends the command can compute on. */
    enum BackendChoice { cpu, reference }

    @Spec
    CommandSpec spec;

    @Option(names = "--fixture", required = true, paramLabel = "DIR", description = "Fixture directory (config.json, model.safetensors, inputs).")
    Path fixture;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Existing directory for the result files.")
    Path out;

    @Option(names = "--backend", paramLabel = "B", description = "cpu (float32) or reference (float64 twin) (default: ${DEFAULT-VALUE}).")
    BackendChoice backend = BackendChoice.cpu;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(fixture)) {
            throw new ParameterException(spec.commandLine(), "--fixture: " + fixture + " is not a directory");
        }
        if (!Files.isDirectory(out)) {
            throw new ParameterException(spec.commandLine(), "--out: " + out + " is not a directory (it is not created)");
        }
        Backend b = backend == BackendChoice.cpu ? Backends.cpu() : Backends.reference();
        List<ConformanceCase> cases = new ArrayList<>(EdmConformance.teacherCases());
        cases.add(new SamplerCase());
        EdmConformance.run(fixture, out, b, cases);
        return 0;
    }
}
