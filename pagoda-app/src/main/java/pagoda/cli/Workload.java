package pagoda.cli;

/** One operation the bench commands and the demo time: inputs are made once, {@link #run} repeats the work. */
interface Workload {

    /** A short human-readable name with the shape, for the demo's table. */
    String label();

    /** Floating-point operations of one {@link #run}, counting a fused multiply-add as two. */
    double flop();

    void run();

    /** Adds the fields that identify this workload (bench name, shape) to a JSON line. */
    void describe(Json json);
}
