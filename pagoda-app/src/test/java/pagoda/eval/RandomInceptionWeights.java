package pagoda.eval;

import java.util.Map;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/** Random Inception-v3 weights for tests: the network has no weights of its own to test with. */
public final class RandomInceptionWeights {
    private RandomInceptionWeights() {
    }

    /**
     * A random state dict of the layout the network asks for: He-normal convolutions and batch-norm
     * parameters near their usual values, so that activations stay of order one through 94 layers.
     */
    public static Map<String, Tensor> make(Backend backend) {
        long[] stream = {0};
        StateDict filling = StateDict.filling((name, shape) -> {
            long seed = 1000 + stream[0]++;
            if (name.endsWith(".conv.weight")) {
                float std = (float) Math.sqrt(2.0 / (shape[1] * shape[2] * shape[3]));
                return Ops.normal(backend, seed, 0, 0f, std, shape);
            }
            if (name.endsWith(".bn.running_var") || name.endsWith(".bn.weight")) {
                return Ops.uniform(backend, seed, 0, 0.5f, 1.5f, shape);
            }
            return Ops.uniform(backend, seed, 0, -0.1f, 0.1f, shape);
        });
        InceptionV3.load(filling, backend);
        return filling.tensors();
    }
}
