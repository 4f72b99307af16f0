package pagoda.ode;

import java.util.Locale;

/** The integration rules for one step of the probability-flow ODE dx/dsigma = (x - D(x; sigma)) / sigma. */
public enum Solver {
    /** First order: one evaluation per step. */
    EULER("euler"),
    /**
     * EDM Algorithm 1: Euler, then the trapezoidal (second-order) correction with a second evaluation at
     * the step's end, on every step except one that ends at sigma = 0.
     */
    HEUN("heun"),
    /**
     * DPM-Solver++(2M) (Lu et al. 2022, Algorithm 2): exact in the linear part of the ODE, with the data
     * prediction extrapolated linearly in lambda = -ln sigma from the previous step; one evaluation per step,
     * second order except on the first step and one that ends at sigma = 0.
     */
    DPMPP_2M("dpmpp");

    private final String cliName;

    Solver(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line: euler, heun or dpmpp. */
    public String cliName() {
        return cliName;
    }

    /** The solver for a command-line name; an unknown name is an error listing the choices. */
    public static Solver parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Solver s : values()) {
            if (s.cliName.equals(n) || s.name().toLowerCase(Locale.ROOT).equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown solver '" + name + "'; expected euler, heun or dpmpp");
    }

    /** Denoiser evaluations to walk a grid of {@code steps} steps ending at {@code last}. */
    public int evaluations(int steps, double last) {
        return this == HEUN ? 2 * steps - (last == 0 ? 1 : 0) : steps;
    }
}
