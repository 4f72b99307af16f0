package pagoda.tensor.cpu;

import java.util.Arrays;
import pagoda.tensor.ReduceOp;
import pagoda.tensor.Tensor;

/**
 * SUM, MEAN, MAX, MIN and VAR over any sorted axis set of a contiguous tensor.
 *
 * <p>Adjacent reduced axes merge, as do adjacent kept ones, leaving two shapes of work:
 * <ul>
 *   <li><b>rows</b> (innermost axis reduced, e.g. a loss mean, or a bias gradient [N, C, H, W] to
 *   [1, C, 1, 1]): every output reduces contiguous runs, vectorised along the run by {@link Sums};</li>
 *   <li><b>columns</b> (innermost axis kept, e.g. [N, C] to [1, C]): outputs sit side by side and rows
 *   of them are added lane-wise into float accumulators.</li>
 * </ul>
 * Each output's reduction is cut into units fixed by the shape (at most {@link #UNIT} elements of a
 * run, or {@link #ROWS} rows of columns); a unit's float total is widened to a double partial and the
 * partials are combined in unit order after the parallel pass. The units, not the threads, fix the
 * summation order, and float error grows only within a unit. VAR is two-pass: the first pass sums
 * deviations from a pilot value k (the output's first element, the shifted-data algorithm), giving the
 * float mean c and {@code sum (x - c) = sum (x - k) + n (k - c)} accurately on the scale of the spread;
 * the second adds {@code (x - c)^2}, and {@code var = (sum (x - c)^2 - (sum (x - c))^2 / n) / (n - correction)}
 * (the corrected two-pass algorithm of Chan, Golub and LeVeque).
 */
final class CpuReduce {
    /** Elements per unit of a row reduction, and the work a task aims at. */
    private static final int UNIT = 1 << 15;
    /** Rows a column unit adds in float before widening to double. */
    private static final int ROWS = 64;
    /** Columns per column unit: 4 KiB of accumulators. */
    private static final int COLS = 1024;

    private enum Kind { SUM, SQUARES, MAX, MIN }

    private CpuReduce() {
    }

    static void reduce(WorkPool pool, ReduceOp op, Tensor x, int[] axes, float p0, Tensor out) {
        int outN = (int) out.numel();
        if (outN == 0) {
            return;
        }
        Plan plan = Plan.of(x.shape(), axes, CpuBackend.data(x), (int) x.offset());
        float[] od = CpuBackend.data(out);
        int oo = (int) out.offset();
        long n = plan.count;
        if (n == 0) {
            Arrays.fill(od, oo, oo + outN, 0f);
            return;
        }
        switch (op) {
            case SUM, MEAN -> {
                double[] s = plan.run(pool, Kind.SUM, null);
                for (int o = 0; o < outN; o++) {
                    od[oo + o] = (float) (op == ReduceOp.MEAN ? s[o] / n : s[o]);
                }
            }
            case MAX, MIN -> {
                double[] m = plan.run(pool, op == ReduceOp.MAX ? Kind.MAX : Kind.MIN, null);
                for (int o = 0; o < outN; o++) {
                    od[oo + o] = (float) m[o];
                }
            }
            case VAR -> {
                float[] pilot = plan.firstElements();
                double[] s = plan.run(pool, Kind.SUM, pilot);
                float[] c = new float[outN];
                double[] dev = new double[outN];
                for (int o = 0; o < outN; o++) {
                    c[o] = (float) (pilot[o] + s[o] / n);
                    dev[o] = s[o] + n * ((double) pilot[o] - c[o]);
                }
                double[] q = plan.run(pool, Kind.SQUARES, c);
                for (int o = 0; o < outN; o++) {
                    od[oo + o] = (float) (Math.max(0.0, q[o] - dev[o] * dev[o] / n) / (n - (double) p0));
                }
            }
        }
    }

    /** The merged geometry of one reduction and its decomposition into units. */
    private static final class Plan {
        final float[] x;
        final int xo;
        /** Kept dimensions, outer to inner, without the innermost one in column form. */
        final Dims kept;
        /** Reduced dimensions, outer to inner, without the innermost one in row form. */
        final Dims reduced;
        /** Row form: length of the contiguous reduced run. Column form: 0. */
        final int run;
        /** Column form: number of adjacent outputs. Row form: 1. */
        final int width;
        /** Elements reduced into each output. */
        final long count;

        private Plan(float[] x, int xo, Dims kept, Dims reduced, int run, int width, long count) {
            this.x = x;
            this.xo = xo;
            this.kept = kept;
            this.reduced = reduced;
            this.run = run;
            this.width = width;
            this.count = count;
        }

        static Plan of(int[] shape, int[] axes, float[] x, int xo) {
            boolean[] red = new boolean[shape.length];
            for (int a : axes) {
                red[a] = true;
            }
            int[] size = new int[shape.length];
            boolean[] kind = new boolean[shape.length];
            int m = 0;
            long count = 1;
            for (int d = 0; d < shape.length; d++) {
                if (red[d]) {
                    count *= shape[d];
                }
                if (shape[d] == 1) {
                    continue;
                }
                if (m > 0 && kind[m - 1] == red[d]) {
                    size[m - 1] *= shape[d];
                } else {
                    size[m] = shape[d];
                    kind[m] = red[d];
                    m++;
                }
            }
            long[] stride = new long[m];
            long s = 1;
            for (int d = m - 1; d >= 0; d--) {
                stride[d] = s;
                s *= size[d];
            }
            boolean rowForm = m == 0 || kind[m - 1];
            int inner = m == 0 ? 1 : size[m - 1];
            int outer = m == 0 ? 0 : m - 1;
            Dims kept = Dims.select(size, stride, kind, false, rowForm ? m : outer);
            Dims reduced = Dims.select(size, stride, kind, true, rowForm ? outer : m);
            return rowForm
                    ? new Plan(x, xo, kept, reduced, inner, 1, count)
                    : new Plan(x, xo, kept, reduced, 0, inner, count);
        }

        /** Each output's first element: the pilot of the shifted variance. */
        float[] firstElements() {
            int outN = (int) (kept.count * width);
            float[] first = new float[outN];
            for (int o = 0; o < outN; o++) {
                first[o] = x[(int) (xo + kept.offset(o / width) + o % width)];
            }
            return first;
        }

        /** One double per output: the reduction of {@code kind}, centred on {@code c} (null: 0 for SUM). */
        double[] run(WorkPool pool, Kind kind, float[] c) {
            return run == 0 ? columns(pool, kind, c) : rows(pool, kind, c);
        }

        private double[] rows(WorkPool pool, Kind kind, float[] c) {
            int outN = (int) kept.count;
            long runs = reduced.count;
            int pieces = (int) (((long) run + UNIT - 1) / UNIT);
            int runsPerUnit = run >= UNIT ? 1 : (int) Math.min(runs, UNIT / run);
            long unitsPerOut = run >= UNIT ? runs * pieces : (runs + runsPerUnit - 1) / runsPerUnit;
            long unitElems = run >= UNIT ? UNIT : (long) runsPerUnit * run;
            double[] partial = new double[Math.toIntExact(outN * unitsPerOut)];
            long units = partial.length;
            int perTask = (int) Math.max(1, UNIT / unitElems);
            int tasks = (int) ((units + perTask - 1) / perTask);
            pool.run(tasks, t -> {
                long u1 = Math.min(units, (long) (t + 1) * perTask);
                for (long u = (long) t * perTask; u < u1; u++) {
                    int o = (int) (u / unitsPerOut);
                    long local = u % unitsPerOut;
                    long base = xo + kept.offset(o);
                    float centre = c == null ? 0f : c[o];
                    double v = identity(kind);
                    if (run >= UNIT) {
                        long r = local / pieces;
                        int from = (int) (local % pieces) * UNIT;
                        v = span(kind, (int) (base + reduced.offset(r)) + from, Math.min(UNIT, run - from), centre);
                    } else {
                        long r1 = Math.min(runs, (local + 1) * runsPerUnit);
                        for (long r = local * runsPerUnit; r < r1; r++) {
                            v = combine(kind, v, span(kind, (int) (base + reduced.offset(r)), run, centre));
                        }
                    }
                    partial[(int) u] = v;
                }
            });
            return combineUnits(kind, partial, outN, (int) unitsPerOut, 1);
        }

        /** One run's reduction; runs shorter than a vector are added in double, lane set-up would dominate. */
        private double span(Kind kind, int off, int n, float centre) {
            if (n < Simd.LANES) {
                double v = identity(kind);
                for (int i = 0; i < n; i++) {
                    float e = x[off + i];
                    double d = e - centre;
                    v = combine(kind, v, kind == Kind.SQUARES ? d * d : kind == Kind.SUM ? d : e);
                }
                return v;
            }
            return switch (kind) {
                case SUM -> Sums.sum(x, off, n, centre);
                case SQUARES -> Sums.sumSquares(x, off, n, centre);
                case MAX -> Sums.max(x, off, n);
                case MIN -> Sums.min(x, off, n);
            };
        }

        private double[] columns(WorkPool pool, Kind kind, float[] c) {
            int groups = (int) kept.count;
            long rows = reduced.count;
            int chunks = (width + COLS - 1) / COLS;
            int blocks = (int) ((rows + ROWS - 1) / ROWS);
            double[] partial = new double[Math.toIntExact((long) groups * blocks * width)];
            long units = (long) groups * chunks * blocks;
            int perTask = (int) Math.max(1, UNIT / ((long) Math.min(COLS, width) * Math.min(ROWS, rows)));
            int tasks = (int) ((units + perTask - 1) / perTask);
            pool.run(tasks, t -> {
                float[] acc = new float[Math.min(COLS, width)];
                long u1 = Math.min(units, (long) (t + 1) * perTask);
                for (long u = (long) t * perTask; u < u1; u++) {
                    int g = (int) (u / ((long) chunks * blocks));
                    int chunk = (int) (u / blocks % chunks);
                    int block = (int) (u % blocks);
                    int j0 = chunk * COLS;
                    int w = Math.min(COLS, width - j0);
                    long base = xo + kept.offset(g) + j0;
                    Arrays.fill(acc, 0, w, (float) identity(kind));
                    long r1 = Math.min(rows, (long) (block + 1) * ROWS);
                    for (long r = (long) block * ROWS; r < r1; r++) {
                        int off = (int) (base + reduced.offset(r));
                        switch (kind) {
                            case SUM -> {
                                if (c == null) {
                                    Sums.addRow(x, off, acc, w);
                                } else {
                                    Sums.addDeviationsRow(x, off, c, g * width + j0, acc, w);
                                }
                            }
                            case SQUARES -> Sums.addSquaresRow(x, off, c, g * width + j0, acc, w);
                            case MAX -> Sums.maxRow(x, off, acc, w);
                            case MIN -> Sums.minRow(x, off, acc, w);
                        }
                    }
                    int p = (g * blocks + block) * width + j0;
                    for (int j = 0; j < w; j++) {
                        partial[p + j] = acc[j];
                    }
                }
            });
            return combineUnits(kind, partial, groups, blocks, width);
        }
    }

    /**
     * Combines partials laid out [group][unit][lane] into one value per (group, lane), units in order:
     * the fixed final step that makes the result independent of which thread produced which partial.
     */
    private static double[] combineUnits(Kind kind, double[] partial, int groups, int units, int lanes) {
        double[] r = new double[groups * lanes];
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < lanes; j++) {
                double v = identity(kind);
                for (int u = 0; u < units; u++) {
                    v = combine(kind, v, partial[(g * units + u) * lanes + j]);
                }
                r[g * lanes + j] = v;
            }
        }
        return r;
    }

    private static double identity(Kind kind) {
        return switch (kind) {
            case SUM, SQUARES -> 0.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
    }

    private static double combine(Kind kind, double a, double b) {
        return switch (kind) {
            case SUM, SQUARES -> a + b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }

    /** A subset of the merged dimensions, with the flat-index-to-offset map of row-major enumeration. */
    private record Dims(int[] size, long[] stride, long count) {
        static Dims select(int[] size, long[] stride, boolean[] kind, boolean want, int limit) {
            int n = 0;
            for (int d = 0; d < limit; d++) {
                if (kind[d] == want) {
                    n++;
                }
            }
            int[] s = new int[n];
            long[] st = new long[n];
            long count = 1;
            for (int d = 0, i = 0; d < limit; d++) {
                if (kind[d] == want) {
                    s[i] = size[d];
                    st[i++] = stride[d];
                    count *= size[d];
                }
            }
            return new Dims(s, st, count);
        }

        long offset(long index) {
            long off = 0;
            for (int d = size.length - 1; d >= 0; d--) {
                off += index % size[d] * stride[d];
                index /= size[d];
            }
            return off;
        }
    }
}
