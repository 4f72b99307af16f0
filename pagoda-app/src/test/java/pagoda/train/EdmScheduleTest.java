package pagoda.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The warm-up and EMA decay of NVlabs/edm's training loop, at points where their values are known exactly. */
class EdmScheduleTest {
    private final EdmSchedule s = new EdmSchedule(1e-3, 10_000, 20_000, 0.05);

    @Test
    void learningRateRisesLinearlyThenStays() {
        assertEquals(0.0, s.learningRateAt(0));
        assertEquals(0.5e-3, s.learningRateAt(5_000), 1e-18);
        assertEquals(1e-3, s.learningRateAt(10_000));
        assertEquals(1e-3, s.learningRateAt(1_000_000));
        assertEquals(0.0, new EdmSchedule(1e-3, 0, 0, 0).learningRateAt(0), "EDM's max(rampup, 1e-8) gives 0 at image 0");
        assertEquals(1e-3, new EdmSchedule(1e-3, 0, 0, 0).learningRateAt(1));
    }

    @Test
    void emaHalfLifeIsCappedEarlyOn() {
        assertEquals(0.0, s.emaBetaAt(0, 32), "the first average is a copy");
        // At 100k images the cap is 0.05 * 100k = 5k images: 0.5^(32 / 5000).
        assertEquals(Math.pow(0.5, 32 / 5000.0), s.emaBetaAt(100_000, 32), 1e-15);
        // From 400k images the half-life is 20k: after 20k images of batch 32 the old average weighs 1/2.
        double beta = s.emaBetaAt(1_000_000, 32);
        assertEquals(0.5, Math.pow(beta, 20_000 / 32.0), 1e-12);
        assertEquals(Math.pow(0.5, 32 / 20_000.0), new EdmSchedule(1e-3, 0, 20_000, 0).emaBetaAt(0, 32), 1e-15,
                "without a ramp-up ratio the half-life holds from the start");
    }
}
