package pagoda.tensor;

/** Reductions over a set of axes. */
public enum ReduceOp {
    SUM,
    MEAN,
    MAX,
    MIN,
    /** variance, sum((x - mean)^2) / (n - p0); p0 is the correction (0: population, 1: unbiased) */
    VAR
}
