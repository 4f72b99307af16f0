package pagoda.cli;

import java.util.Locale;

/** Checks, before allocating, that the float32 tensors of a benchmark fit a host array and the heap. */
final class Memory {
    /** The longest Java array HotSpot allocates. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Memory() {
    }

    /**
     * Throws {@link IllegalArgumentException} (a bad argument) when one tensor exceeds a host array, or
     * {@link IllegalStateException} (a runtime limit) when all of them together exceed the heap.
     *
     * @param names  what each tensor is, with the options it comes from, for the message
     * @param counts element counts, in the order of {@code names}
     */
    static void require(String[] names, long[] counts) {
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > MAX_ELEMENTS) {
                throw new IllegalArgumentException(names[i] + " has " + counts[i] + " elements, more than the "
                        + MAX_ELEMENTS + " a CPU tensor can hold");
            }
            total += counts[i] * Float.BYTES;
        }
        long max = Runtime.getRuntime().maxMemory();
        if (total > max * 0.9) {
            throw new IllegalStateException("the tensors need " + gib(total) + " but the heap holds at most " + gib(max)
                    + "; give the JVM more with PAGODA_JAVA_OPTS=-Xmx<size> or choose smaller shapes");
        }
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
