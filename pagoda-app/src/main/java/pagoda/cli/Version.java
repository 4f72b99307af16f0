package pagoda.cli;

import picocli.CommandLine.IVersionProvider;
import pagoda.tensor.cpu.Simd;

/** {@code pagoda --version}: the project version from the jar's manifest, and the JDK and vector width it runs on. */
public final class Version implements IVersionProvider {

    /** The Implementation-Version of the jar; "development build" when run from compiled classes (tests, IDE). */
    static String project() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"pagoda-j " + project() + " (JDK " + Runtime.version() + ", "
                + Simd.F.vectorBitSize() + "-bit float vectors)"};
    }
}
