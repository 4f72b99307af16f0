package pagoda.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import pagoda.autograd.Var;
import pagoda.tensor.Tensor;

/** The hinge losses and the adaptive weight against hand-worked values. */
class LossesTest {
    private static Var logits(float... v) {
        return Var.parameter(Tensor.of(Tiny.CPU, v, 2, v.length / 2));
    }

    @Test
    void discriminatorHingeLossAndGradient() {
        Var real = logits(2f, 0.5f, -1f, 0f);
        Var fake = logits(-3f, -0.25f, 1f, 0.5f);
        Var loss = Hinge.discriminatorLoss(real, fake);
        // real: relu(1 - r) = 0, 0.5, 2, 1 -> mean 0.875; fake: relu(1 + f) = 0, 0.75, 2, 1.5 -> mean 1.0625
        assertEquals(0.875 + 1.0625, loss.value().item(), 1e-6);
        loss.backward();
        // d/dr = -1/4 where r < 1, else 0; d/df = 1/4 where f > -1, else 0
        assertArrayEquals(new float[] {0f, -0.25f, -0.25f, -0.25f}, real.grad().toFloatArray());
        assertArrayEquals(new float[] {0f, 0.25f, 0.25f, 0.25f}, fake.grad().toFloatArray());
    }

    @Test
    void generatorHingeLossAndGradient() {
        Var fake = logits(-3f, -0.25f, 1f, 0.5f);
        Var loss = Hinge.generatorLoss(fake);
        assertEquals(-(-3 - 0.25 + 1 + 0.5) / 4, loss.value().item(), 1e-6);
        loss.backward();
        assertArrayEquals(new float[] {-0.25f, -0.25f, -0.25f, -0.25f}, fake.grad().toFloatArray());
    }

    @Test
    void adaptiveWeightIsTheClippedRatioOfGradientNorms() {
        Tensor rec = Tensor.of(Tiny.CPU, new float[] {3f, 4f}, 2);
        Tensor gan = Tensor.of(Tiny.CPU, new float[] {0f, 0f, 2f}, 3);
        assertEquals(5.0, AdaptiveWeight.norm(rec), 1e-12);
        assertEquals(5.0 / (2.0 + 1e-4), AdaptiveWeight.of(rec, gan), 1e-12);
        assertEquals(0.5 / (2.0 + 1e-4), AdaptiveWeight.of(0.5, 2.0), 1e-12);
    }

    @Test
    void adaptiveWeightIsClippedToItsRange() {
        assertEquals(10.0, AdaptiveWeight.of(1.0, 0.0), 0, "a vanishing GAN gradient: the upper bound");
        assertEquals(10.0, AdaptiveWeight.of(100.0, 1.0), 0);
        assertEquals(0.01, AdaptiveWeight.of(1e-3, 1.0), 0);
        assertEquals(0.01, AdaptiveWeight.of(0.0, 5.0), 0, "a vanishing reconstruction gradient: the lower bound");
        double inside = AdaptiveWeight.of(2.0, 1.0);
        assertTrue(inside > 1.99 && inside < 2.0, "inside the range the ratio itself: " + inside);
    }
}
