package pagoda.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pagoda.autograd.Fn;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.unet.EDMPrecond;

/** The projected discriminator: one head per feature level, their shapes, state names, conditioning and gradients. */
class DiscriminatorTest {
    private static final int R = Tiny.RESOLUTION;

    private static Tensor images(long seed, int n) {
        return Ops.uniform(Tiny.CPU, seed, 0, -1f, 1f, n, 3, R, R);
    }

    @Test
    void oneLogitPerHeadWithTheExpectedLayers() {
        EDMPrecond teacher = Tiny.teacher(0, 41);
        Discriminator d = new Discriminator(new TeacherFeatures(teacher, 0.2), Tiny.CPU, 0, 8, 1);
        Var logits = d.forward(Var.constant(images(1, 5)), null);
        // Levels 8x8 (16 channels) and 4x4 (32): the first head halves once to 4x4, then a 4x4 conv to 1x1.
        assertArrayEquals(new int[] {5, 2}, logits.shape());
        Map<String, Tensor> state = d.stateDict();
        List<String> expected = List.of(
                "head0.down0_conv.bias", "head0.down0_conv.weight_orig", "head0.down0_conv.weight_u", "head0.down0_conv.weight_v",
                "head0.down0_norm.weight", "head0.down0_norm.bias", "head0.down0_norm.running_mean", "head0.down0_norm.running_var",
                "head0.down0_norm.num_batches_tracked", "head0.out.weight_orig", "head0.out.weight_u", "head0.out.weight_v",
                "head1.out.weight_orig", "head1.out.weight_u", "head1.out.weight_v");
        assertEquals(expected, List.copyOf(state.keySet()));
        assertArrayEquals(new int[] {8, 16, 4, 4}, state.get("head0.down0_conv.weight_orig").shape());
        assertArrayEquals(new int[] {1, 8, 4, 4}, state.get("head0.out.weight_orig").shape());
        assertArrayEquals(new int[] {1, 32, 4, 4}, state.get("head1.out.weight_orig").shape());
    }

    @Test
    void classConditionalHeadsProjectOntoTheLabel() {
        EDMPrecond teacher = Tiny.teacher(3, 42);
        Discriminator d = new Discriminator(new TeacherFeatures(teacher, 0.2), Tiny.CPU, 3, 8, 2);
        Tensor x = images(2, 2);
        Tensor y0 = Tensor.of(Tiny.CPU, new float[] {1, 0, 0, 1, 0, 0}, 2, 3);
        Tensor y1 = Tensor.of(Tiny.CPU, new float[] {0, 1, 0, 0, 1, 0}, 2, 3);
        Var a = d.forward(Var.constant(x), y0);
        Var b = d.forward(Var.constant(x), y1);
        assertArrayEquals(new int[] {2, 2}, a.shape());
        assertArrayEquals(new int[] {128, 3}, d.stateDict().get("head0.embed.weight").shape());
        assertArrayEquals(new int[] {8, 128}, d.stateDict().get("head0.embed_proj.weight").shape());
        assertTrue(Math.abs(a.value().toFloatArray()[0] - b.value().toFloatArray()[0]) > 0, "the label changes the logits");
    }

    /** Gradients reach the heads and the images, never the frozen teacher; batch norm uses the batch's statistics. */
    @Test
    void gradientsReachTheHeadsAndTheImagesOnly() {
        EDMPrecond teacher = Tiny.teacher(0, 43);
        Discriminator d = new Discriminator(new TeacherFeatures(teacher, 0.2), Tiny.CPU, 0, 8, 3);
        Var x = Var.parameter(images(3, 4));
        Fn.mean(d.forward(x, null)).backward();
        for (Map.Entry<String, Parameter> e : d.namedParameters().entrySet()) {
            assertNotNull(e.getValue().grad(), e.getKey());
        }
        assertTrue(AdaptiveWeight.norm(x.grad()) > 0);
        teacher.namedParameters().forEach((name, p) -> assertNull(p.grad(), name));
        assertEquals(1f, d.stateDict().get("head0.down0_norm.num_batches_tracked").item(), "one training-mode pass");
    }
}
