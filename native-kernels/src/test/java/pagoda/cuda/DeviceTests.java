package pagoda.cuda;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the tests tagged {@code cuda} of the given classes where there is a JVM but no Maven: the GPU
 * machine of bench/gpu/run-device.sh. Prints each failure, then "N passed, N failed, N skipped"; exits 1
 * when a test failed and 2 when nothing ran (a class missing from the class path, or every test skipped).
 */
public final class DeviceTests {
    private DeviceTests() {
    }

    public static void main(String[] classes) {
        if (classes.length == 0) {
            System.err.println("usage: DeviceTests CLASS...  (test classes whose tests tagged 'cuda' run)");
            System.exit(2);
        }
        List<org.junit.platform.engine.DiscoverySelector> selectors = new ArrayList<>();
        for (String c : classes) {
            selectors.add(DiscoverySelectors.selectClass(c));
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .filters(TagFilter.includeTags("cuda")).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        TestExecutionSummary s = summary.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printFailuresTo(out, 25);
        long failed = s.getTestsFailedCount();
        long skipped = s.getTestsSkippedCount() + s.getTestsAbortedCount();
        out.println((s.getTestsSucceededCount()) + " passed, " + failed + " failed, " + skipped + " skipped");
        System.exit(failed > 0 ? 1 : (s.getTestsSucceededCount() == 0 ? 2 : 0));
    }
}
