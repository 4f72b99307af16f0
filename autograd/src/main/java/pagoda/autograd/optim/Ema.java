package pagoda.autograd.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pagoda.autograd.Parameter;
import pagoda.autograd.StateDictException;
import pagoda.tensor.Ops;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/**
 * An exponential moving average of parameters, as EDM's training loop keeps it
 * ({@code p_ema.copy_(p_net.lerp(p_ema, beta))}): after each {@link #update},
 * {@code ema = p + decay (ema - p)}. Frozen parameters are averaged too (they simply stay put). The
 * state is the averages by parameter name, so it is also a state dict for the parameters of the model.
 */
public final class Ema {
    private final Map<String, Parameter> parameters;
    private final Map<String, Tensor> averages = new LinkedHashMap<>();

    /** Starts every average at the parameter's current value. */
    public Ema(Map<String, Parameter> parameters) {
        this.parameters = new LinkedHashMap<>(parameters);
        this.parameters.forEach((n, p) -> averages.put(n, p.value()));
    }

    /** One averaging step with {@code decay} in [0, 1]: 0 copies the parameters, 1 keeps the averages. */
    public void update(double decay) {
        if (!(decay >= 0 && decay <= 1)) {
            throw new IllegalArgumentException("Ema.update: decay " + decay + " must lie in [0, 1]");
        }
        float keep = (float) decay;
        parameters.forEach((n, p) -> {
            Tensor value = p.value();
            averages.put(n, Ops.add(value, Ops.mul(Ops.sub(averages.get(n), value), keep)));
        });
    }

    /** The average of one parameter. */
    public Tensor average(String name) {
        Tensor t = averages.get(name);
        if (t == null) {
            throw new IllegalArgumentException("Ema: no parameter '" + name + "'");
        }
        return t;
    }

    /** The averages by parameter name (live tensors; tensors are immutable). */
    public Map<String, Tensor> state() {
        return new LinkedHashMap<>(averages);
    }

    /**
     * Replaces every average.
     *
     * @throws StateDictException naming missing, unexpected and mis-shaped keys; nothing is loaded then
     */
    public void loadState(Map<String, Tensor> state) {
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        parameters.forEach((n, p) -> {
            Tensor t = state.get(n);
            if (t == null) {
                missing.add(n);
            } else if (!Arrays.equals(t.shape(), p.value().shape())) {
                misShaped.add(n + ": expected " + Shapes.str(p.value().shape()) + ", got " + Shapes.str(t.shape()));
            }
        });
        state.keySet().stream().filter(k -> !parameters.containsKey(k)).forEach(unexpected::add);
        if (!missing.isEmpty() || !unexpected.isEmpty() || !misShaped.isEmpty()) {
            throw new StateDictException("Ema.loadState", missing, unexpected, misShaped);
        }
        parameters.forEach((n, p) -> averages.put(n, state.get(n).to(p.value().backend())));
    }

    /** Sets each parameter to its average (for evaluation or export). */
    public void copyToParameters() {
        parameters.forEach((n, p) -> p.setValue(averages.get(n)));
    }
}
