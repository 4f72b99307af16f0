package pagoda.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.autograd.StateDictException;
import pagoda.autograd.optim.Ema;
import pagoda.autograd.optim.Optimizer;
import pagoda.tensor.Tensor;
import pagoda.unet.EDMPrecond;

/**
 * What a checkpoint saves of a training run and how it is put back: the network's parameters, their EMA and
 * the optimiser's state as tensors under the prefixes {@link #NET}, {@link #EMA} and {@link #OPTIM}, the data
 * stream's position as JSON.
 */
final class TrainingState {
    static final String NET = "net.";
    static final String EMA = "ema.";
    static final String OPTIM = "optim.";
    static final String DATA = "data";

    private TrainingState() {
    }

    static Checkpoint capture(long step, long images, EDMPrecond net, Ema ema, Optimizer optimizer, TrainingData data) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        net.namedParameters().forEach((name, p) -> tensors.put(NET + name, p.value()));
        ema.state().forEach((name, t) -> tensors.put(EMA + name, t));
        optimizer.state().forEach((name, t) -> tensors.put(OPTIM + name, t));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put(DATA, data.state());
        return new Checkpoint(step, images, tensors, state);
    }

    /**
     * Loads a checkpoint into freshly built training objects.
     *
     * @param file names the checkpoint in errors
     * @throws IllegalArgumentException naming the file when a tensor is missing, unexpected or mis-shaped
     */
    static void restore(Checkpoint c, Path file, EDMPrecond net, Ema ema, Optimizer optimizer, TrainingData data) {
        Map<String, Tensor> weights = new LinkedHashMap<>(net.stateDict());
        Map<String, Tensor> averages = new LinkedHashMap<>();
        Map<String, Tensor> moments = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            String key = e.getKey();
            if (key.startsWith(NET)) {
                weights.put(key.substring(NET.length()), e.getValue());
            } else if (key.startsWith(EMA)) {
                averages.put(key.substring(EMA.length()), e.getValue());
            } else if (key.startsWith(OPTIM)) {
                moments.put(key.substring(OPTIM.length()), e.getValue());
            } else {
                throw new IllegalArgumentException(file + ": unexpected tensor '" + key + "' (expected the prefixes "
                        + NET + ", " + EMA + ", " + OPTIM + ")");
            }
        }
        try {
            net.loadStateDict(weights, true);
            ema.loadState(averages);
            optimizer.loadState(moments);
        } catch (StateDictException e) {
            throw new IllegalArgumentException(file + " does not fit the run's config.json: " + e.getMessage(), e);
        }
        if (!(c.state().get(DATA) instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(file + ": the metadata has no data stream state ('" + DATA + "')");
        }
        Map<String, Object> position = new LinkedHashMap<>();
        m.forEach((k, v) -> position.put(String.valueOf(k), v));
        data.restore(position, file.toString());
    }
}
