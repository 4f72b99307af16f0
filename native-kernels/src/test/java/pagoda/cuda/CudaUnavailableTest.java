package pagoda.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import pagoda.cuda.driver.CudaDriver;
import pagoda.tensor.BackendUnavailableException;
import pagoda.tensor.Backends;

/**
 * Without an NVIDIA driver the CUDA backend is a clear message, never a JVM crash: these run for real on a
 * machine without libcuda.so.1 (CI, this project's developers' machines) and are skipped where a driver exists.
 */
class CudaUnavailableTest {

    /** Whether the dynamic loader could find libcuda.so.1 (the folders it searches, and LD_LIBRARY_PATH). */
    static boolean driverLibraryPresent() {
        List<String> dirs = new ArrayList<>(List.of("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/lib/x86_64-linux-gnu",
                "/lib/x86_64-linux-gnu", "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib"));
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            dirs.addAll(List.of(ld.split(":")));
        }
        for (String d : dirs) {
            if (!d.isEmpty() && Files.exists(Path.of(d, "libcuda.so.1"))) {
                return true;
            }
        }
        return false;
    }

    private static void assumeNoDriver() {
        Assumptions.assumeFalse(driverLibraryPresent(), "libcuda.so.1 is present: the no-driver path cannot be exercised here");
    }

    @Test
    void statusNamesTheMissingDriver() {
        assumeNoDriver();
        CudaDriver.Status s = CudaDriver.status();
        assertTrue(!s.available());
        assertEquals("no NVIDIA driver: libcuda.so.1 not found", s.reason());
        assertEquals(s, CudaDriver.status(), "probed once, the same answer after");
    }

    @Test
    void backendConstructorThrowsTheUserFacingMessage() {
        assumeNoDriver();
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, CudaBackend::new);
        assertEquals("cuda: unavailable (no NVIDIA driver: libcuda.so.1 not found)", e.getMessage());
        assertEquals("cuda", e.backend());
    }

    @Test
    void byNameAndDescribeGoThroughTheServiceProvider() {
        assumeNoDriver();
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.byName("cuda"));
        assertEquals("cuda: unavailable (no NVIDIA driver: libcuda.so.1 not found)", e.getMessage());
        assertEquals("unavailable (no NVIDIA driver: libcuda.so.1 not found)", Backends.describeAll().get("cuda"));
        assertTrue(Backends.names().contains("cuda"));
    }

    @Test
    void unknownDevicesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.byName("tpu"));
        assertEquals("unknown device 'tpu' (known: cpu, reference, cuda)", e.getMessage());
    }

    @Test
    void precisionParsesItsNames() {
        assertEquals(Precision.TF32, Precision.parse("TF32"));
        assertEquals(Precision.BF16, Precision.parse(" bf16 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertEquals("pagoda.cuda.precision='fp16': expected fp32, tf32 or bf16", e.getMessage());
    }
}
