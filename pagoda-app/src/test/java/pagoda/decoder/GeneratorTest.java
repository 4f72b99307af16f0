package pagoda.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.unet.EDMPrecond;

/** G(z) = F(c_in(80) z; c_noise(80)), the teacher's network at sigma 80 without EDM's skip and output scaling. */
class GeneratorTest {

    /**
     * The teacher's denoiser at sigma 80 is D(z) = c_skip z + c_out F(c_in z): so (D(z) - c_skip z) / c_out must be G(z).
     * Tolerance: D is summed in float32 from terms as large as |c_skip z| and |c_out F|; 1e-5 of the larger scale
     * (about 50 float32 ulps) covers the rounding of that sum and of undoing it.
     */
    @Test
    void equalsTheTeachersNetworkAtSigma80WithInputScalingAndNoSkip() {
        for (int classes : new int[] {0, 3}) {
            EDMPrecond teacher = Tiny.teacher(classes, 21);
            Generator g = Generator.copyOf(teacher, Tiny.CPU);
            g.train(false);
            Tensor z = Ops.normal(Tiny.CPU, 3, 0, 0f, 80f, 2, 3, Tiny.RESOLUTION, Tiny.RESOLUTION);
            Tensor labels = classes > 0 ? Tensor.of(Tiny.CPU, new float[] {0, 1, 0, 0, 0, 1}, 2, 3) : null;
            Tensor out;
            Tensor d;
            try (NoGrad ng = NoGrad.enter()) {
                out = g.forward(Var.constant(z), labels, 0).value();
                d = teacher.forward(Var.constant(z), Tensor.scalar(Tiny.CPU, 80f), labels).value();
            }
            EDMPrecond.Coefficients c = teacher.coefficients(80);
            assertEquals(1 / Math.sqrt(80 * 80 + 0.25), c.cIn(), 1e-15);
            float[] dv = d.toFloatArray();
            float[] zv = z.toFloatArray();
            float[] gv = out.toFloatArray();
            double scale = 0;
            for (int i = 0; i < dv.length; i++) {
                scale = Math.max(scale, Math.max(Math.abs(c.cSkip() * zv[i]), Math.abs(dv[i])));
            }
            double spread = 0;
            for (int i = 0; i < dv.length; i++) {
                double expected = (dv[i] - c.cSkip() * zv[i]) / c.cOut();
                assertEquals(expected, gv[i], 1e-5 * scale / c.cOut(), "element " + i + " (classes " + classes + ")");
                spread = Math.max(spread, Math.abs(gv[i] - gv[0]));
            }
            assertTrue(spread > 1e-3, "G's output must depend on the position: the comparison would be vacuous");
        }
    }

    @Test
    void startsAsACopyOfTheTeacherWithoutLabelDropout() {
        EDMPrecond teacher = Tiny.teacher(3, 22);
        assertTrue(teacher.config().labelDropout() > 0, "the tiny conditional teacher has label dropout");
        Generator g = Generator.copyOf(teacher, Tiny.CPU);
        assertEquals(0, g.config().labelDropout());
        Map<String, Parameter> own = g.parameters();
        teacher.namedParameters().forEach((name, p) ->
                assertArrayEquals(p.value().toFloatArray(), own.get(name).value().toFloatArray(), name));
        assertTrue(own.containsKey(g.lastLayerName()), g.lastLayerName() + " among " + own.keySet());
        assertEquals("model.dec.8x8_block1.conv1.weight", g.lastLayerName());
    }

    @Test
    void rejectsLatentsOfTheWrongShape() {
        Generator g = Generator.copyOf(Tiny.teacher(0, 23), Tiny.CPU);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.forward(Var.constant(Tensor.zeros(Tiny.CPU, 1, 3, 4, 4)), null, 0));
        assertTrue(e.getMessage().contains("[1, 3, 4, 4]"), e.getMessage());
    }
}
