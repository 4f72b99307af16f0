package pagoda.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import pagoda.tensor.Tensor;

/** One-step samples: a function of (seed, sample index, class), whatever the batch. */
class OneStepSamplesTest {
    private static float[] sample(Tensor all, int i) {
        int per = (int) (all.numel() / all.size(0));
        return Arrays.copyOfRange(all.toFloatArray(), i * per, (i + 1) * per);
    }

    @Test
    void samplesDependOnTheSeedAndIndexNotOnTheBatch() {
        for (int classes : new int[] {0, 3}) {
            Generator g = Generator.copyOf(Tiny.teacher(classes, 51), Tiny.CPU);
            g.train(false);
            Tensor whole = new OneStepSamples(7, -1).generate(g, Tiny.CPU, 5, 5, n -> { });
            Tensor ones = new OneStepSamples(7, -1).generate(g, Tiny.CPU, 5, 1, n -> { });
            Tensor uneven = new OneStepSamples(7, -1).generate(g, Tiny.CPU, 5, 3, n -> { });
            assertArrayEquals(whole.toFloatArray(), ones.toFloatArray(), "batch 5 vs batch 1");
            assertArrayEquals(whole.toFloatArray(), uneven.toFloatArray(), "batch 5 vs batches of 3 and 2");
            Tensor other = new OneStepSamples(8, -1).generate(g, Tiny.CPU, 5, 5, n -> { });
            assertFalse(Arrays.equals(sample(whole, 0), sample(other, 0)), "another seed, another sample");
        }
    }

    @Test
    void aClassIsCheckedAgainstTheGenerator() {
        Generator unconditional = Generator.copyOf(Tiny.teacher(0, 52), Tiny.CPU);
        assertThrows(IllegalArgumentException.class, () -> new OneStepSamples(0, 1).generate(unconditional, Tiny.CPU, 1, 1, n -> { }));
        Generator conditional = Generator.copyOf(Tiny.teacher(3, 53), Tiny.CPU);
        assertThrows(IllegalArgumentException.class, () -> new OneStepSamples(0, 3).generate(conditional, Tiny.CPU, 1, 1, n -> { }));
        Tensor a = new OneStepSamples(0, 2).generate(conditional, Tiny.CPU, 2, 2, n -> { });
        Tensor b = new OneStepSamples(0, 1).generate(conditional, Tiny.CPU, 2, 2, n -> { });
        assertFalse(Arrays.equals(a.toFloatArray(), b.toFloatArray()), "the class changes the sample");
    }
}
