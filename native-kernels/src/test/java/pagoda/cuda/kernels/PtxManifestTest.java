package pagoda.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checked-in PTX is present and fresh, on any machine: the manifest's hash of each kernel's inputs
 * (compiler flags, the .cu and every shared header, as ptx.sh computes it) must equal the hash of the
 * sources now. A .cu edited without running ptx.sh update fails here even where nvcc is absent.
 */
class PtxManifestTest {

    private static Map<String, String> manifest(List<String> header) throws IOException {
        Map<String, String> kernels = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Sources.ptx().resolve("MANIFEST"))) {
            if (line.startsWith("kernel ")) {
                String[] f = line.split(" ");
                kernels.put(f[1], f[2]);
            } else {
                header.add(line);
            }
        }
        return kernels;
    }

    /** ptx.sh's source_hash: sha256 of "flags\n", then per file "name\n" and its bytes (the .cu, then the headers in C order). */
    static String sourceHash(String flags, String kernel) throws IOException, NoSuchAlgorithmException {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update((flags + "\n").getBytes(StandardCharsets.UTF_8));
        List<String> files = new ArrayList<>();
        files.add(kernel + ".cu");
        files.addAll(Sources.names(Sources.cuda(), ".cuh"));
        for (String f : files) {
            d.update((f + "\n").getBytes(StandardCharsets.UTF_8));
            d.update(Files.readAllBytes(Sources.cuda().resolve(f)));
        }
        return HexFormat.of().formatHex(d.digest());
    }

    @Test
    void everySourceHasPtxAndEveryPtxHasASource() throws IOException {
        List<String> header = new ArrayList<>();
        Map<String, String> kernels = manifest(header);
        List<String> cu = Sources.names(Sources.cuda(), ".cu").stream().map(f -> f.substring(0, f.length() - 3)).toList();
        List<String> ptx = Sources.names(Sources.ptx(), ".ptx").stream().map(f -> f.substring(0, f.length() - 4)).toList();
        assertEquals(cu, ptx, "the .cu files of src/main/cuda and the checked-in .ptx files differ: run native-kernels/ptx.sh update");
        assertEquals(cu, List.copyOf(kernels.keySet()), "the MANIFEST lists other kernels than src/main/cuda holds: run native-kernels/ptx.sh update");
    }

    @Test
    void everyPtxIsFresh() throws Exception {
        List<String> header = new ArrayList<>();
        Map<String, String> kernels = manifest(header);
        String flags = header.stream().filter(l -> l.startsWith("flags ")).findFirst().orElseThrow().substring("flags ".length());
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> e : kernels.entrySet()) {
            if (!sourceHash(flags, e.getKey()).equals(e.getValue())) {
                stale.add(e.getKey());
            }
        }
        assertTrue(stale.isEmpty(), "stale PTX (its .cu or a header changed since ptx.sh update): " + stale);
    }

    @Test
    void ptxTargetsComputeCapability80AndCarriesNoLocalPaths() {
        for (String f : Sources.names(Sources.ptx(), ".ptx")) {
            String text = Sources.read(Sources.ptx().resolve(f));
            assertTrue(text.contains("\n.target sm_80\n"), f + ": expected compute_80 PTX (.target sm_80)");
            assertTrue(!text.contains(".file"), f + ": PTX with file paths (built with -lineinfo?) differs between checkouts");
        }
    }

    static Path ptxOf(String kernel) {
        return Sources.ptx().resolve(kernel + ".ptx");
    }
}
