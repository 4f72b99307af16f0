package pagoda.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;

/** Dropout and label dropout: Philox masks keyed by the pass's seed, active only in training mode. */
class DropoutTest {
    private static final String BASE = "{\"img_resolution\": 8, \"img_channels\": 3, \"label_dim\": 4, \"model_channels\": 32,"
            + " \"channel_mult\": [1, 2], \"num_blocks\": 1, \"attn_resolutions\": [4]";

    private final Backend b = Backends.cpu();
    private final Tensor x = Ops.normal(b, 1, 0, 0f, 1f, 8, 3, 8, 8);
    private final Tensor sigma = Ops.full(b, 0.8f, 8);
    private final Tensor labels = SyntheticFixture.oneHot(b, 8, 4);

    private static UNetConfig config(String extra) {
        return UNetConfig.parse(JsonFields.of(Json.parse(BASE + extra + "}", "cfg"), "cfg"));
    }

    private float[] run(EDMPrecond net, Tensor classLabels, long seed) {
        try (NoGrad g = NoGrad.enter()) {
            return net.forward(Var.constant(x), sigma, classLabels, seed).value().toFloatArray();
        }
    }

    @Test
    void dropoutMasksFollowTheSeedInTrainingOnly() {
        EDMPrecond net = SyntheticFixture.randomTeacher(config(", \"dropout\": 0.3"), b, 2);
        EDMPrecond plain = SyntheticFixture.randomTeacher(config(", \"dropout\": 0"), b, 2);
        net.train(true);
        float[] a = run(net, labels, 5);
        assertArrayEquals(a, run(net, labels, 5), "same seed, same masks");
        assertFalse(Arrays.equals(a, run(net, labels, 6)), "another seed, other masks");
        net.eval();
        plain.eval();
        assertArrayEquals(run(plain, labels, 0), run(net, labels, 5), "evaluation mode: no dropout");
        assertFalse(Arrays.equals(a, run(net, labels, 5)));
    }

    /** Each sample keeps its labels or loses them all (as if its one-hot row were zero), per the seed. */
    @Test
    void labelDropoutDropsWholeSamples() {
        EDMPrecond net = SyntheticFixture.randomTeacher(config(", \"dropout\": 0, \"label_dropout\": 0.5"), b, 3);
        net.eval();
        float[] kept = run(net, labels, 0);
        float[] dropped = run(net, Tensor.zeros(b, 8, 4), 0);
        net.train(true);
        int per = kept.length / 8;
        boolean sawKept = false;
        boolean sawDropped = false;
        for (long seed = 0; seed < 4; seed++) {
            float[] t = run(net, labels, seed);
            for (int i = 0; i < 8; i++) {
                float[] sample = Arrays.copyOfRange(t, i * per, (i + 1) * per);
                boolean isKept = Arrays.equals(sample, Arrays.copyOfRange(kept, i * per, (i + 1) * per));
                boolean isDropped = Arrays.equals(sample, Arrays.copyOfRange(dropped, i * per, (i + 1) * per));
                assertTrue(isKept || isDropped, "sample " + i + " with seed " + seed + " is neither");
                sawKept |= isKept;
                sawDropped |= isDropped;
            }
        }
        assertTrue(sawKept && sawDropped, "32 draws at p = 0.5 should both keep and drop");
    }
}
