package pagoda.unet;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch twin (bench/peers/torch_teacher.py) run on a fixture directory, when Debian's python3-torch
 * is installed; otherwise the calling test is skipped with the reason.
 */
final class TorchTwin {
    private static final String PYTHON = "/usr/bin/python3";

    private TorchTwin() {
    }

    /** Runs {@code torch_teacher.py conformance --fixture dir --out out} in float64. */
    static void conformance(Path fixture, Path out) throws IOException, InterruptedException {
        Path script = script();
        assumeTrue(script != null, "bench/peers/torch_teacher.py not found above " + Path.of("").toAbsolutePath());
        assumeTrue(torchAvailable(), PYTHON + " with torch is not installed (Debian package python3-torch); "
                + "the comparison with the PyTorch twin is skipped");
        Process p = new ProcessBuilder(PYTHON, script.toString(), "conformance", "--fixture", fixture.toString(),
                "--out", out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("torch_teacher.py failed:\n" + log);
        }
    }

    private static boolean torchAvailable() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Path script() {
        for (Path a = Path.of("").toAbsolutePath(); a != null; a = a.getParent()) {
            Path s = a.resolve("bench/peers/torch_teacher.py");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        return null;
    }
}
