package pagoda.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import pagoda.tensor.Backend;
import pagoda.tensor.cpu.CpuBackend;

/**
 * The CPU backend's outputs depend on nothing but its inputs: the same case at 1, 2 and 3 threads, and
 * run twice at 1 thread, gives bit-identical outputs. Three threads on two cores also checks that the
 * split of the work, not the timing of the workers, decides every sum.
 */
class DeterminismTest {
    private static final int[] THREADS = {1, 2, 3};
    private static final List<CpuBackend> BACKENDS = open();

    private static List<CpuBackend> open() {
        List<CpuBackend> b = new ArrayList<>();
        for (int t : THREADS) {
            b.add(new CpuBackend(t));
        }
        return List.copyOf(b);
    }

    @AfterAll
    static void close() {
        BACKENDS.forEach(CpuBackend::close);
    }

    @TestFactory
    Stream<DynamicTest> bitIdenticalAtEveryThreadCountAndOnRerun() {
        return DeterminismCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(OpCase c) {
        List<HostTensor> inputs = c.inputs().make(c.seed());
        double[][] first = Run.outputs(c, BACKENDS.get(0), inputs, Layout.CONTIGUOUS);
        compare(c, first, Run.outputs(c, BACKENDS.get(0), inputs, Layout.CONTIGUOUS), "a rerun on " + BACKENDS.get(0));
        for (Backend b : BACKENDS.subList(1, BACKENDS.size())) {
            compare(c, first, Run.outputs(c, b, inputs, Layout.CONTIGUOUS), b.toString());
        }
    }

    private static void compare(OpCase c, double[][] expected, double[][] got, String where) {
        for (int o = 0; o < expected.length; o++) {
            for (int i = 0; i < expected[o].length; i++) {
                if (Double.doubleToRawLongBits(expected[o][i]) != Double.doubleToRawLongBits(got[o][i])) {
                    throw new AssertionError(c.name() + ": output '" + c.outputs().get(o) + "' element " + i + " is "
                            + (float) got[o][i] + " on " + where + " but "
                            + (float) expected[o][i] + " on " + BACKENDS.get(0));
                }
            }
        }
    }
}
