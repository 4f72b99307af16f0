package pagoda.ode;

import java.util.Arrays;

/** Error measures and grids shared by the solver tests. */
final class Errors {
    private Errors() {
    }

    /** |a - b| / |b| in 2-norms. */
    static double relative(double[] a, double[] b) {
        return SamplerFixture.relativeError(a, b, "result");
    }

    /** The observed order of convergence from the errors at step counts n and 2n: log2(e_n / e_2n). */
    static double order(double coarse, double fine) {
        return Math.log(coarse / fine) / Math.log(2);
    }

    /** The descending Karras grid of n levels without its final 0: a pure ODE walk from 80 to 0.002. */
    static SigmaGrid karrasWithoutZero(int n) {
        return SigmaGrid.of(Arrays.copyOf(SigmaGrid.karras(n).sigmas(), n));
    }

    static double[] scaled(double[] x, double factor) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * factor;
        }
        return out;
    }
}
