package pagoda.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import pagoda.tensor.io.SafeTensors;

class SigmaGridTest {

    @Test
    void karrasLevelsFollowEdmEquation5() {
        int n = 18;
        double sigmaMin = 0.002;
        double sigmaMax = 80;
        double rho = 7;
        SigmaGrid grid = SigmaGrid.karras(n, sigmaMin, sigmaMax, rho);
        assertEquals(n + 1, grid.size());
        assertEquals(n, grid.steps());
        for (int i = 0; i < n; i++) {
            // The same equation through exp/log rather than pow, so an error in either form shows.
            double root = Math.exp(Math.log(sigmaMax) / rho)
                    + i / (n - 1.0) * (Math.exp(Math.log(sigmaMin) / rho) - Math.exp(Math.log(sigmaMax) / rho));
            double expected = Math.exp(rho * Math.log(root));
            assertEquals(expected, grid.sigma(i), 1e-13 * expected, "level " + i);
        }
        assertEquals(sigmaMax, grid.sigma(0), 1e-13 * sigmaMax);
        assertEquals(sigmaMin, grid.sigma(n - 1), 1e-13 * sigmaMin);
        assertEquals(0.0, grid.sigma(n));
        assertTrue(grid.descending());
    }

    @Test
    void ascendingGridIsTheSameLevelsReversedWithoutZero() {
        SigmaGrid down = SigmaGrid.karras(40);
        SigmaGrid up = SigmaGrid.karrasAscending(40, 0.002, 80, 7);
        assertEquals(40, up.size());
        assertEquals(39, up.steps());
        assertFalse(up.descending());
        for (int i = 0; i < 40; i++) {
            assertEquals(down.sigma(39 - i), up.sigma(i), "level " + i);
        }
        assertArrayEquals(down.reversed().sigmas(), up.sigmas());
    }

    @Test
    void fixtureTimeStepsAreTheGridOfItsMetadata() throws Exception {
        Path file = Fixtures.sampler();
        try (SafeTensors st = SafeTensors.open(file)) {
            var meta = st.metadata();
            SigmaGrid grid = SigmaGrid.karras(Integer.parseInt(meta.get("num_steps")), Double.parseDouble(meta.get("sigma_min")),
                    Double.parseDouble(meta.get("sigma_max")), Double.parseDouble(meta.get("rho")));
            float[] stored = st.readFloats("t_steps");
            assertEquals(grid.size(), stored.length);
            for (int i = 0; i < stored.length; i++) {
                assertEquals(stored[i], (float) grid.sigma(i), "t_steps[" + i + "] is the float32 rounding of our level");
            }
        }
    }

    @Test
    void badGridsAreRejectedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigmaGrid.karras(1)).getMessage().contains("at least 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigmaGrid.karras(10, 0, 80, 7)).getMessage()
                .contains("sigma_min"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigmaGrid.karras(10, 1, 0.5, 7)).getMessage()
                .contains("sigma_max"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigmaGrid.karras(10, 0.002, 80, -1)).getMessage()
                .contains("rho"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigmaGrid.of(3, 0, 1)).getMessage().contains("level 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigmaGrid.of(0, 1, 2)).getMessage().contains("level 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigmaGrid.of(3, 2, 2.5)).getMessage()
                .contains("monotone"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigmaGrid.of(3)).getMessage().contains("two levels"));
    }
}
