package pagoda.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** One CUDA op = one .cu file = one launcher: checked both ways, down to the kernel entry points in the PTX. */
class KernelsTest {
    private static final Pattern ENTRY = Pattern.compile("\\.visible \\.entry (\\w+)\\(");

    @Test
    void everySourceHasALauncherAndEveryLauncherASource() {
        Set<String> launched = new TreeSet<>();
        for (KernelSource s : Kernels.ALL) {
            assertTrue(launched.add(s.file()), s.file() + " has two launchers");
        }
        Set<String> sources = new TreeSet<>(Sources.names(Sources.cuda(), ".cu"));
        assertEquals(sources, launched, "the .cu files and the launchers' sources (Kernels.ALL) differ");
    }

    @Test
    void everyDeclaredKernelIsInItsPtxAndEveryPtxKernelIsDeclared() {
        List<String> problems = new ArrayList<>();
        for (KernelSource s : Kernels.ALL) {
            Set<String> inPtx = new TreeSet<>();
            Matcher m = ENTRY.matcher(Sources.read(PtxManifestTest.ptxOf(s.name())));
            while (m.find()) {
                inPtx.add(m.group(1));
            }
            Set<String> declared = new TreeSet<>(s.entries());
            if (!inPtx.equals(declared)) {
                problems.add(s.file() + ": PTX entries " + inPtx + ", launcher declares " + declared);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
