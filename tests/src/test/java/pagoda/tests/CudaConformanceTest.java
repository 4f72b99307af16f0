package pagoda.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import pagoda.tensor.Backend;

/**
 * The CUDA leg of the conformance suite: every case of {@link OpCases} on the CUDA backend against the
 * float64 twin, with the same bounds as the CPU (so matrix products and convolutions run at the backend's
 * default, float32-accurate precision), and every case of {@link DeterminismCases} run twice, bit-identical.
 * Without a GPU each is one skipped test giving the reason ("cuda: unavailable (no NVIDIA driver: ...)").
 * On a GPU machine: {@code mvn -pl tests test -Dgroups=cuda}.
 */
@Tag("cuda")
class CudaConformanceTest {

    @AfterAll
    static void closeBackends() {
        FastBackends.closeCuda();
    }

    @TestFactory
    Stream<DynamicNode> opCaseOnCuda() {
        return ConformanceTest.suite(FastBackends.cuda());
    }

    @TestFactory
    Stream<DynamicNode> bitIdenticalOnRerun() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (FastBackends.Candidate b : FastBackends.cuda()) {
            if (!b.available()) {
                nodes.add(DynamicTest.dynamicTest(b.label() + ": not available",
                        () -> Assumptions.abort(b.label() + " skipped: " + b.unavailable())));
                continue;
            }
            for (OpCase c : DeterminismCases.all()) {
                nodes.add(DynamicTest.dynamicTest(c.name() + " | " + b.label(), () -> rerun(c, b.backend())));
            }
        }
        return nodes.stream();
    }

    private static void rerun(OpCase c, Backend backend) {
        List<HostTensor> inputs = c.inputs().make(c.seed());
        double[][] first = Run.outputs(c, backend, inputs, Layout.CONTIGUOUS);
        double[][] second = Run.outputs(c, backend, inputs, Layout.CONTIGUOUS);
        for (int o = 0; o < first.length; o++) {
            for (int i = 0; i < first[o].length; i++) {
                if (Double.doubleToRawLongBits(first[o][i]) != Double.doubleToRawLongBits(second[o][i])) {
                    throw new AssertionError(c.name() + ": output '" + c.outputs().get(o) + "' element " + i + " is "
                            + (float) first[o][i] + " then " + (float) second[o][i] + " on " + backend);
                }
            }
        }
    }
}
