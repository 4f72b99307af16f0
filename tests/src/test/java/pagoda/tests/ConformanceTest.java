package pagoda.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import pagoda.tensor.Backend;
import pagoda.tensor.BinaryOp;
import pagoda.tensor.ReduceOp;
import pagoda.tensor.UnaryOp;

/**
 * The conformance suite: every op case of {@link OpCases} on every CPU backend of {@link FastBackends},
 * against the float64 twin ({@code Backends.reference()}) on the same float inputs, with the error bounds
 * of {@link Bound}. Each case also runs on permuted and strided views of its inputs where the call
 * accepts views. Surefire runs this class at the CPU's widest vectors and again at 256 and 128 bits
 * ({@code -Dpagoda.vector.bits}); the backend in each test's name and failure says which.
 */
class ConformanceTest {
    /** The twin's answer per case, computed on first use and shared by every backend and layout. */
    private static final Map<String, Expected> EXPECTED = new LinkedHashMap<>();

    static Expected expected(OpCase c) {
        synchronized (EXPECTED) {
            try {
                return EXPECTED.computeIfAbsent(c.name(), n -> Expected.of(c));
            } catch (RuntimeException e) {
                throw new AssertionError(c.name() + ": the twin could not compute the expected outputs and bounds", e);
            }
        }
    }

    @AfterAll
    static void closeBackends() {
        FastBackends.closeCpu();
    }

    @TestFactory
    Stream<DynamicNode> opCaseTimesBackend() {
        return suite(FastBackends.cpu());
    }

    /** Every case on every available backend of {@code candidates}; an unavailable one is one skipped test with its reason. */
    static Stream<DynamicNode> suite(List<FastBackends.Candidate> candidates) {
        List<DynamicNode> nodes = new ArrayList<>();
        List<FastBackends.Candidate> available = new ArrayList<>();
        for (FastBackends.Candidate b : candidates) {
            if (b.available()) {
                available.add(b);
            } else {
                nodes.add(DynamicTest.dynamicTest(b.label() + ": not available",
                        () -> Assumptions.abort(b.label() + " skipped: " + b.unavailable())));
            }
        }
        if (available.isEmpty()) {
            return nodes.stream();
        }
        Map<String, List<DynamicNode>> families = new LinkedHashMap<>();
        for (OpCase c : OpCases.all()) {
            families.computeIfAbsent(c.family(), f -> new ArrayList<>()).add(DynamicContainer.dynamicContainer(c.name(), tests(c, available)));
        }
        families.forEach((family, cases) -> nodes.add(DynamicContainer.dynamicContainer(family, cases)));
        return nodes.stream();
    }

    private static Stream<DynamicNode> tests(OpCase c, List<FastBackends.Candidate> backends) {
        List<DynamicNode> tests = new ArrayList<>();
        for (Layout layout : Layout.values()) {
            if (layout != Layout.CONTIGUOUS && !changesAnInput(c, layout)) {
                continue;
            }
            for (FastBackends.Candidate b : backends) {
                tests.add(DynamicTest.dynamicTest(b.label() + " | " + layout.label(),
                        () -> Run.verify(c, expected(c), b.backend(), layout)));
            }
        }
        return tests.stream();
    }

    private static boolean changesAnInput(OpCase c, Layout layout) {
        for (int[] shape : c.inputs().declaredShapes()) {
            if (layout.changes(shape)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void caseNamesAreUnique() {
        Set<String> seen = new HashSet<>();
        List<String> repeated = new ArrayList<>();
        for (OpCase c : OpCases.all()) {
            if (!seen.add(c.name())) {
                repeated.add(c.name());
            }
        }
        assertTrue(repeated.isEmpty(), "repeated case names (their seeds and results would collide): " + repeated);
    }

    /** Every op of the Backend interface and every UnaryOp, BinaryOp and ReduceOp constant has a case. */
    @Test
    void everyOpHasACase() {
        Set<String> covered = new HashSet<>();
        for (OpCase c : OpCases.all()) {
            covered.addAll(c.covers());
        }
        Set<String> wanted = new TreeSet<>();
        Set<String> notOps = Set.of("name", "allocate", "upload", "uploadDoubles", "download", "downloadDoubles", "close");
        for (Method m : Backend.class.getMethods()) {
            if (!m.isDefault() && !notOps.contains(m.getName())) {
                wanted.add(m.getName());
            }
        }
        for (UnaryOp op : UnaryOp.values()) {
            wanted.add("UnaryOp." + op);
        }
        for (BinaryOp op : BinaryOp.values()) {
            wanted.add("BinaryOp." + op);
        }
        for (ReduceOp op : ReduceOp.values()) {
            wanted.add("ReduceOp." + op);
        }
        wanted.removeAll(covered);
        assertTrue(wanted.isEmpty(), "ops without a conformance case: " + wanted);
    }
}
