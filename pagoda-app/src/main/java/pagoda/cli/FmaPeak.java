package pagoda.cli;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import pagoda.tensor.cpu.Simd;

/**
 * The machine's FP32 peak as our kernels can reach it: every thread runs a loop of fused multiply-adds
 * on {@link Simd#F} vectors that never leave the registers. {@value #ACCUMULATORS} independent
 * accumulators cover an FMA latency of 4 cycles on 2 FMA pipes (Intel since Skylake, AMD Zen 4) with room
 * to spare, and with the two operands they still fit the 16 registers of AVX2. The peak is measured, not
 * taken from a data sheet, because clock, vector width and SMT decide it and differ between machines.
 */
final class FmaPeak {
    static final int ACCUMULATORS = 12;
    private static final long ROUND_NANOS = 100_000_000L;
    private static final int DEFAULT_ROUNDS = 5;
    private static final long DEFAULT_WARMUP_MILLIS = 300;
    private static final Map<Integer, Result> MEASURED = new ConcurrentHashMap<>();

    /** Consumes the loops' results so that the JIT cannot drop them. */
    @SuppressWarnings("unused")
    private static volatile float sink;

    private FmaPeak() {
    }

    /**
     * @param gflops       the best round: interference from other processes only ever lowers a round
     * @param medianGflops the median round, to judge how noisy the machine was
     */
    record Result(int threads, int rounds, double gflops, double medianGflops) {
    }

    /** The peak of {@code threads} threads, measured once per process and thread count. */
    static Result of(int threads) {
        return MEASURED.computeIfAbsent(threads, t -> measure(t, DEFAULT_ROUNDS, DEFAULT_WARMUP_MILLIS));
    }

    /**
     * Warms up, then runs {@code rounds} rounds of about 100 ms in which all threads start together. A
     * round lasts from the first thread's start to the last thread's end, each read by the thread itself.
     */
    static Result measure(int threads, int rounds, long warmupMillis) {
        int iterations = calibrate(warmupMillis);
        double flopPerThread = 2.0 * ACCUMULATORS * Simd.LANES * iterations;
        CyclicBarrier barrier = new CyclicBarrier(threads + 1);
        long[][] starts = new long[rounds][threads];
        long[][] ends = new long[rounds][threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            float[] seeds = seeds(t);
            workers[t] = Thread.ofPlatform().daemon().name("pagoda-peak-" + t).start(() -> {
                for (int r = 0; r < rounds; r++) {
                    await(barrier);
                    starts[r][id] = System.nanoTime();
                    sink = fmaLoop(seeds, iterations);
                    ends[r][id] = System.nanoTime();
                    await(barrier);
                }
            });
        }
        double[] gflops = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            await(barrier);
            await(barrier);
            long first = Arrays.stream(starts[r]).min().orElseThrow();
            long last = Arrays.stream(ends[r]).max().orElseThrow();
            gflops[r] = threads * flopPerThread / Math.max(1, last - first);
        }
        for (Thread w : workers) {
            joinQuietly(w);
        }
        Arrays.sort(gflops);
        return new Result(threads, rounds, gflops[rounds - 1], gflops[rounds / 2]);
    }

    /**
     * Runs the loop, doubling its length, until {@code warmupMillis} have passed and three calls in a row
     * took a fifth of a round or more; returns the iterations of one round at the fastest rate seen, which
     * is the rate of the compiled loop (the first calls run in the interpreter, hundreds of times slower).
     */
    private static int calibrate(long warmupMillis) {
        float[] seeds = seeds(0);
        int iterations = 1 << 12;
        double nanosPerIteration = Double.MAX_VALUE;
        int longCalls = 0;
        long end = System.nanoTime() + warmupMillis * 1_000_000L;
        while (longCalls < 3 || System.nanoTime() < end) {
            long t0 = System.nanoTime();
            sink = fmaLoop(seeds, iterations);
            long elapsed = Math.max(1, System.nanoTime() - t0);
            nanosPerIteration = Math.min(nanosPerIteration, (double) elapsed / iterations);
            if (elapsed >= ROUND_NANOS / 5) {
                longCalls++;
            } else {
                longCalls = 0;
                if (iterations < (1 << 30)) {
                    iterations *= 2;
                }
            }
        }
        return (int) Math.clamp(ROUND_NANOS / nanosPerIteration, 1, Integer.MAX_VALUE);
    }

    /**
     * Multipliers just below 1 and small addends keep every accumulator normal (denormals are slow on
     * Intel); distinct starting values keep the JIT from merging the accumulators into one.
     */
    private static float[] seeds(int thread) {
        float[] s = new float[2 + ACCUMULATORS];
        s[0] = 0.999f;
        s[1] = 0.001f;
        for (int i = 0; i < ACCUMULATORS; i++) {
            s[2 + i] = 1f + 0.01f * i + 0.001f * thread;
        }
        return s;
    }

    private static float fmaLoop(float[] seeds, int iterations) {
        FloatVector x = FloatVector.broadcast(Simd.F, seeds[0]);
        FloatVector y = FloatVector.broadcast(Simd.F, seeds[1]);
        FloatVector c0 = FloatVector.broadcast(Simd.F, seeds[2]);
        FloatVector c1 = FloatVector.broadcast(Simd.F, seeds[3]);
        FloatVector c2 = FloatVector.broadcast(Simd.F, seeds[4]);
        FloatVector c3 = FloatVector.broadcast(Simd.F, seeds[5]);
        FloatVector c4 = FloatVector.broadcast(Simd.F, seeds[6]);
        FloatVector c5 = FloatVector.broadcast(Simd.F, seeds[7]);
        FloatVector c6 = FloatVector.broadcast(Simd.F, seeds[8]);
        FloatVector c7 = FloatVector.broadcast(Simd.F, seeds[9]);
        FloatVector c8 = FloatVector.broadcast(Simd.F, seeds[10]);
        FloatVector c9 = FloatVector.broadcast(Simd.F, seeds[11]);
        FloatVector c10 = FloatVector.broadcast(Simd.F, seeds[12]);
        FloatVector c11 = FloatVector.broadcast(Simd.F, seeds[13]);
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(x, y);
            c1 = c1.fma(x, y);
            c2 = c2.fma(x, y);
            c3 = c3.fma(x, y);
            c4 = c4.fma(x, y);
            c5 = c5.fma(x, y);
            c6 = c6.fma(x, y);
            c7 = c7.fma(x, y);
            c8 = c8.fma(x, y);
            c9 = c9.fma(x, y);
            c10 = c10.fma(x, y);
            c11 = c11.fma(x, y);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("peak measurement interrupted", e);
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("peak measurement: a worker thread failed", e);
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
