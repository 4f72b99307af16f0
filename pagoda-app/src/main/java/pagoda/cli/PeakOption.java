package pagoda.cli;

import picocli.CommandLine.Option;

/** The FP32 peak that "fraction of peak" divides by: given, or measured once per process. */
final class PeakOption {
    @Option(names = "--peak", paramLabel = "GFLOPS", converter = Converters.PositiveNumber.class,
            description = "FP32 peak in GFLOP/s for fraction_of_peak (default: measured first, as 'bench peak' does).")
    Double peak;

    double gflops(int threads) {
        return peak != null ? peak : FmaPeak.of(threads).gflops();
    }
}
