package pagoda.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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

/** EDM's augmentation labels (augment_dim > 0): a bias-free linear map added to the noise embedding. */
class AugmentLabelsTest {
    private final Backend b = Backends.cpu();
    private final UNetConfig config = UNetConfig.parse(JsonFields.of(Json.parse("{\"img_resolution\": 8, \"img_channels\": 3,"
            + " \"model_channels\": 32, \"channel_mult\": [1, 2], \"num_blocks\": 1, \"attn_resolutions\": [],"
            + " \"augment_dim\": 9, \"dropout\": 0}", "cfg"), "cfg"));
    private final Tensor x = Ops.normal(b, 1, 0, 0f, 1f, 2, 3, 8, 8);
    private final Tensor sigma = Tensor.of(b, new float[] {0.5f, 3f}, 2);
    private final Tensor augment = Ops.uniform(b, 2, 0, -1f, 1f, 2, 9);

    private float[] denoise(EDMPrecond net, Tensor augmentLabels) {
        net.eval();
        try (NoGrad g = NoGrad.enter()) {
            return net.forward(Var.constant(x), sigma, null, augmentLabels, 0).value().toFloatArray();
        }
    }

    @Test
    void zeroInitialisedAsInEdmThenEffective() {
        EDMPrecond fresh = new EDMPrecond(config, b, 1);
        Tensor w = fresh.stateDict().get("model.map_augment.weight");
        assertNotNull(w);
        assertArrayEquals(new int[] {32, 9}, w.shape());
        assertArrayEquals(denoise(fresh, null), denoise(fresh, augment), "EDM zero-initialises map_augment");
        EDMPrecond random = SyntheticFixture.randomTeacher(config, b, 3);
        assertFalse(Arrays.equals(denoise(random, null), denoise(random, augment)));
    }
}
