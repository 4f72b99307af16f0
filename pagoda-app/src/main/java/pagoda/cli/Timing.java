package pagoda.cli;

import java.util.Arrays;

/**
 * Times a piece of work the way the bench commands and the PyTorch peer script both do: warm up until
 * the JIT has had time to compile the kernels, then time R repetitions and report their median, which
 * shrugs off the noise of a shared machine better than the mean.
 */
final class Timing {
    private Timing() {
    }

    /** Wall-clock times of the timed repetitions, in milliseconds, sorted. */
    record Result(double[] millis) {
        double median() {
            int n = millis.length;
            return n % 2 == 1 ? millis[n / 2] : (millis[n / 2 - 1] + millis[n / 2]) / 2;
        }

        double min() {
            return millis[0];
        }
    }

    /** Runs {@code work} at least once and until {@code warmupMillis} have passed, then {@code reps} timed times. */
    static Result measure(Runnable work, int reps, long warmupMillis) {
        long warmupEnd = System.nanoTime() + warmupMillis * 1_000_000L;
        do {
            work.run();
        } while (System.nanoTime() < warmupEnd);
        double[] millis = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            work.run();
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(millis);
        return new Result(millis);
    }
}
