package pagoda.inverse;

import pagoda.ode.Encoder;
import pagoda.ode.SigmaGrid;
import pagoda.ode.Solver;
import pagoda.teacher.Teacher;

/** The teacher's encoder as {@code ./pagoda encode} runs it: Karras grid upward (0.002 to 80, rho 7), Heun, denoiser clamped. */
public final class TeacherEncoder {
    private TeacherEncoder() {
    }

    /** @param levels grid levels, N - 1 Heun steps (40, {@link Encoder#PAGODA_LEVELS}, as the reference) */
    public static Encoder of(Teacher teacher, int levels) {
        if (levels < 2) {
            throw new IllegalArgumentException("the encoder's grid needs at least 2 levels, got " + levels);
        }
        return new Encoder(teacher.denoiser(), SigmaGrid.karrasAscending(levels, SigmaGrid.SIGMA_MIN, SigmaGrid.SIGMA_MAX,
                SigmaGrid.RHO), Solver.HEUN, true);
    }
}
