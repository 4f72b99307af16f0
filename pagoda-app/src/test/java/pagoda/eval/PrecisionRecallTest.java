package pagoda.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;

class PrecisionRecallTest {

    /** Points (x, y) in the plane; small integers and halves, so every squared distance is exact in float. */
    static Features points(double... xy) {
        return new Features(FrechetDistanceTest.floats(xy), xy.length / 2, 2);
    }

    @Test
    void handWorkedCaseWithK1() {
        // Real: 0, 1, 2, 3, 4 on the x axis; nearest-other distance 1 for each: radius 1.
        Features real = points(0, 0, 1, 0, 2, 0, 3, 0, 4, 0);
        // Generated: (0.5, 0) inside; (10, 0) outside; (4, 1) on the boundary of the ball around 4.
        Features gen = points(0.5, 0, 10, 0, 4, 1);
        // Generated radii (k = 1): 0.5 -> (4, 1) at sqrt(13.25); (10, 0) -> (4, 1) at sqrt(37);
        // (4, 1) -> (0.5, 0) at sqrt(13.25). Every real point lies within sqrt(13.25) of (0.5, 0) or (4, 1).
        for (Backend b : new Backend[] {Backends.cpu(), Backends.reference()}) {
            PrecisionRecall.Result r = PrecisionRecall.of(real, gen, 1, b);
            assertEquals(2.0 / 3, r.precision(), 0);
            assertEquals(1.0, r.recall(), 0);
        }
    }

    @Test
    void handWorkedCaseWithK2() {
        // Real: 0, 1, 2, 3, 10, 11, 12 on the x axis. Second-nearest distances: 0 -> 2, 1 -> 1, 2 -> 1,
        // 3 -> 2, 10 -> 2, 11 -> 1, 12 -> 2.
        Features real = points(0, 0, 1, 0, 2, 0, 3, 0, 10, 0, 11, 0, 12, 0);
        // Generated: 5 (= 3 + 2, on the boundary: in), 6.5 (3.5 from 3 and 10: out), 14 (= 12 + 2: in),
        // 7.5 (4.5 from 3, 2.5 from 10: out). Precision 2/4.
        Features gen = points(5, 0, 6.5, 0, 14, 0, 7.5, 0);
        // Generated second-nearest: 5 -> 2.5 (to 7.5), 6.5 -> 1.5 (to 5), 14 -> 7.5 (to 6.5), 7.5 -> 2.5
        // (to 5). Reals 0, 1, 2 are more than 2.5 from 5 and 7.5, more than 1.5 from 6.5 and more than
        // 7.5 from 14: out. 3 is 2 from 5: in; 10, 11, 12 are within 7.5 of 14: in. Recall 4/7.
        PrecisionRecall.Result r = PrecisionRecall.of(real, gen, 2, Backends.cpu());
        assertEquals(0.5, r.precision(), 0);
        assertEquals(4.0 / 7, r.recall(), 0);
    }

    @Test
    void aSetAgainstItselfHasFullPrecisionAndRecall() {
        Features f = KernelInceptionDistanceTest.gaussian(3, 500, 16, 0);
        PrecisionRecall.Result r = PrecisionRecall.of(f, f, 3, Backends.cpu());
        assertEquals(1.0, r.precision(), 0);
        assertEquals(1.0, r.recall(), 0);
    }

    @Test
    void blocksCoverEveryRow() {
        // More probes than one block (1024): the answer must not depend on the blocking.
        Features real = KernelInceptionDistanceTest.gaussian(4, 1500, 4, 0);
        Features gen = KernelInceptionDistanceTest.gaussian(5, 1300, 4, 0.7);
        PrecisionRecall.Result cpu = PrecisionRecall.of(real, gen, 3, Backends.cpu());
        PrecisionRecall.Result ref = PrecisionRecall.of(real, gen, 3, Backends.reference());
        // Float32 distances can flip a probe that sits within rounding of a ball's boundary: allow 2.
        assertEquals(ref.precision(), cpu.precision(), 2.0 / 1300);
        assertEquals(ref.recall(), cpu.recall(), 2.0 / 1500);
    }

    @Test
    void needsMoreThanKVectors() {
        assertThrows(IllegalArgumentException.class, () -> PrecisionRecall.of(points(0, 0, 1, 1, 2, 2), points(0, 0, 1, 1, 2, 2, 3, 3), 3, Backends.cpu()));
    }
}
