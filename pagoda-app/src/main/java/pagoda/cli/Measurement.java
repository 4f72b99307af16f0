package pagoda.cli;

import pagoda.tensor.cpu.Simd;

/** A timed workload: its median time, throughput, and share of the peak; one JSON line for scripts. */
record Measurement(Workload workload, int threads, Timing.Result timing, double peakGflops) {

    static Measurement of(Workload workload, int threads, TimingOptions options, double peakGflops) {
        return new Measurement(workload, threads, Timing.measure(workload::run, options.reps, options.warmupMillis), peakGflops);
    }

    double gflops() {
        return workload.flop() / (timing.median() * 1e6);
    }

    double fractionOfPeak() {
        return gflops() / peakGflops;
    }

    String json() {
        Json json = new Json();
        workload.describe(json);
        return json.put("impl", "pagoda-j")
                .put("threads", threads)
                .put("vector_bits", Simd.F.vectorBitSize())
                .put("reps", timing.millis().length)
                .put("median_ms", timing.median())
                .put("min_ms", timing.min())
                .put("gflop", workload.flop() / 1e9)
                .put("gflops", gflops())
                .put("peak_gflops", peakGflops)
                .put("fraction_of_peak", fractionOfPeak())
                .toString();
    }
}
