package pagoda.bench;

/** The JVM flags every forked benchmark JVM needs, as the launcher and Surefire use them. */
final class Defaults {
    static final String ADD_VECTOR = "--add-modules=jdk.incubator.vector";
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private Defaults() {
    }
}
