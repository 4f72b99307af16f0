package pagoda.decoder;

import java.util.Map;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * What training, checkpoints and the generator's files need of a {@link OneStepGenerator} beyond sampling:
 * its tensors by their names in model.safetensors, an empty twin to load averaged weights into, and the
 * layer the adaptive GAN weight is measured on. Stage 2's {@link Generator} and the {@link GrownGenerator}.
 */
public interface TrainableGenerator extends OneStepGenerator {
    /** The tensors of model.safetensors (parameters and buffers) by name. */
    Map<String, Tensor> stateDict();

    /**
     * Replaces every tensor.
     *
     * @throws pagoda.autograd.StateDictException naming missing, unexpected and mis-shaped tensors
     */
    void loadStateDict(Map<String, Tensor> state);

    /** A generator of the same architecture on {@code backend}, its weights to be loaded. */
    TrainableGenerator blank(Backend backend);

    /** The number of weights. */
    default long parameterCount() {
        return parameters().values().stream().mapToLong(p -> p.value().numel()).sum();
    }

    /** The weight the adaptive GAN weight is measured on (VQGAN, Eq. 7): the last convolution before the output. */
    String lastLayerName();
}
