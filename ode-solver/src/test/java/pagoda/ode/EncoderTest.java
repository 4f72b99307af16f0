package pagoda.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

class EncoderTest {
    private static final Backend REF = Backends.reference();

    /** D = c for every input: the ODE is linear, x(sigma) = c + (x0 - c) sigma / sigma0, and Heun is exact on it. */
    private static Denoiser constant(double c, List<Double> sigmasSeen) {
        return (x, sigma, labels) -> {
            sigmasSeen.add(sigma[0]);
            return Ops.full(x.backend(), (float) c, x.shape());
        };
    }

    @Test
    void pagodaEncoderWalksTheFortyLevelGridUpwardWithHeun() {
        List<Double> seen = new ArrayList<>();
        Encoder encoder = Encoder.pagoda(constant(0.25, seen));
        Tensor images = Tensor.ofDoubles(REF, new double[] {-1, -0.5, 0.5, 1}, 2, 2, 1, 1);
        double[] z = encoder.encode(images, null).toDoubleArray();

        assertEquals(78, seen.size(), "39 Heun steps, 2 evaluations each");
        assertEquals(78, encoder.evaluations());
        SigmaGrid up = SigmaGrid.karrasAscending(40, 0.002, 80, 7);
        for (int k = 0; k < 39; k++) {
            assertEquals(up.sigma(k), seen.get(2 * k), "step " + k + " starts at its level");
            assertEquals(up.sigma(k + 1), seen.get(2 * k + 1), "step " + k + " corrects at the next level");
        }
        double[] x0 = images.toDoubleArray();
        double stretch = up.sigma(39) / up.sigma(0);
        for (int j = 0; j < z.length; j++) {
            assertEquals(0.25 + (x0[j] - 0.25) * stretch, z[j], 1e-9 * stretch, "element " + j
                    + ": started from the image itself, no noise added");
        }
    }

    @Test
    void clampsTheDenoiserButNotTheState() {
        List<Double> seen = new ArrayList<>();
        Tensor images = Tensor.ofDoubles(REF, new double[] {0.1, -0.2}, 2, 1, 1, 1);
        SigmaGrid up = SigmaGrid.karrasAscending(6, 0.002, 80, 7);
        double[] clamped = new Encoder(constant(3, seen), up, Solver.HEUN, true).encode(images, null).toDoubleArray();
        double[] free = new Encoder(constant(3, seen), up, Solver.HEUN, false).encode(images, null).toDoubleArray();
        double stretch = 80 / up.sigma(0);
        assertEquals(1 + (0.1 - 1) * stretch, clamped[0], 1e-9 * stretch, "D = 3 clamped to 1 at every evaluation");
        assertEquals(3 + (0.1 - 3) * stretch, free[0], 1e-9 * stretch);
        assertTrue(Math.abs(clamped[0]) > 1000, "the final state is not clamped: " + clamped[0]);
    }

    @Test
    void badInputIsNamed() {
        List<Double> seen = new ArrayList<>();
        assertThrows(IllegalArgumentException.class, () -> new Encoder(constant(0, seen), SigmaGrid.karras(6), Solver.HEUN, true));
        Encoder e = Encoder.pagoda(constant(0, seen));
        Tensor images = Tensor.zeros(REF, 2, 1, 2, 2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> e.encode(images, Tensor.zeros(REF, 3, 10)))
                .getMessage().contains("labels"));
        Denoiser wrongShape = (x, sigma, labels) -> Tensor.zeros(x.backend(), 1, 1);
        assertTrue(assertThrows(IllegalStateException.class, () -> Encoder.pagoda(wrongShape).encode(images, null))
                .getMessage().contains("denoiser returned shape"));
    }

    @Test
    void solverNamesParse() {
        assertEquals(Solver.DPMPP_2M, Solver.parse("dpmpp"));
        assertEquals(Solver.HEUN, Solver.parse(" Heun "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Solver.parse("rk4")).getMessage()
                .contains("euler, heun or dpmpp"));
        assertArrayEquals(new int[] {11, 6, 6}, new int[] {Solver.HEUN.evaluations(6, 0), Solver.EULER.evaluations(6, 0),
                Solver.DPMPP_2M.evaluations(6, 0)});
    }
}
