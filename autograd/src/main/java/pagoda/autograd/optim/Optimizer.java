package pagoda.autograd.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pagoda.autograd.Parameter;
import pagoda.autograd.StateDictException;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/**
 * A first-order optimiser over named parameters. Like torch.optim, a parameter is updated only when it
 * requires a gradient and has one, and its per-parameter state (step count and moment tensors) is
 * created at its first update. Hyper-parameters are the constructor's; {@link #state} holds everything
 * else, so a new optimiser with the same hyper-parameters that loads the state continues exactly.
 *
 * <p>State keys: {@code <param>.step} (a one-element tensor holding the integral step count) and
 * {@code <param>.<slot>} for each moment tensor of the subclass ({@link #slotNames}).
 */
public abstract class Optimizer {
    /** Integral step counts stay exact in a float32 tensor below 2^24. */
    private static final long MAX_STEP = 1L << 24;

    private final Map<String, Parameter> parameters;
    private final Map<String, ParamState> states = new LinkedHashMap<>();
    private double learningRate;

    /** Per-parameter state: the number of updates so far and the moment tensors by slot name. */
    protected static final class ParamState {
        long step;
        final Map<String, Tensor> slots = new LinkedHashMap<>();

        public long step() {
            return step;
        }

        public Tensor slot(String name) {
            return slots.get(name);
        }

        public void setSlot(String name, Tensor value) {
            slots.put(name, value);
        }
    }

    protected Optimizer(Map<String, Parameter> parameters, double learningRate) {
        this.parameters = new LinkedHashMap<>(parameters);
        setLearningRate(learningRate);
    }

    /** The moment tensors each parameter state holds, in key order. */
    protected abstract List<String> slotNames();

    /** Fills a fresh state's slots (the step is 0). */
    protected abstract void initState(ParamState state, Tensor value);

    /** One update of {@code p} with gradient {@code grad}; {@code state.step()} already counts this step. */
    protected abstract void update(Parameter p, Tensor grad, ParamState state);

    /** Updates every parameter that requires a gradient and has one. */
    public final void step() {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Parameter p = e.getValue();
            Tensor grad = p.grad();
            if (!p.requiresGrad() || grad == null) {
                continue;
            }
            ParamState s = states.get(e.getKey());
            if (s == null) {
                s = new ParamState();
                initState(s, p.value());
                states.put(e.getKey(), s);
            }
            if (s.step + 1 >= MAX_STEP) {
                throw new IllegalStateException(getClass().getSimpleName() + ": step count of " + e.getKey()
                        + " reached 2^24, beyond what the state stores exactly");
            }
            s.step++;
            update(p, grad, s);
        }
    }

    /** Clears the gradients of all parameters. */
    public final void zeroGrad() {
        parameters.values().forEach(Parameter::zeroGrad);
    }

    public final double learningRate() {
        return learningRate;
    }

    public final void setLearningRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate " + lr + " must be finite and >= 0");
        }
        learningRate = lr;
    }

    /** The step count of a parameter; 0 before its first update. */
    public final long stepCount(String name) {
        ParamState s = states.get(name);
        return s == null ? 0 : s.step;
    }

    /** Step counts and moment tensors by key; the tensors are the live ones (tensors are immutable). */
    public final Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        states.forEach((name, s) -> {
            Tensor value = parameters.get(name).value();
            out.put(name + ".step", Tensor.scalar(value.backend(), s.step));
            s.slots.forEach((slot, t) -> out.put(name + "." + slot, t));
        });
        return out;
    }

    /**
     * Replaces the whole state with {@code state}, as written by {@link #state}. A parameter without a
     * {@code .step} key starts fresh; one with it needs every slot.
     *
     * @throws StateDictException naming missing, unexpected and mis-shaped keys; nothing is loaded then
     */
    public final void loadState(Map<String, Tensor> state) {
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        Set<String> used = new HashSet<>();
        Map<String, ParamState> loaded = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            String name = e.getKey();
            Tensor stepTensor = state.get(name + ".step");
            if (stepTensor == null) {
                continue;
            }
            used.add(name + ".step");
            ParamState s = new ParamState();
            s.step = readStep(name, stepTensor);
            Tensor value = e.getValue().value();
            for (String slot : slotNames()) {
                String key = name + "." + slot;
                Tensor t = state.get(key);
                if (t == null) {
                    missing.add(key);
                } else if (!Arrays.equals(t.shape(), value.shape())) {
                    used.add(key);
                    misShaped.add(key + ": expected " + Shapes.str(value.shape()) + ", got " + Shapes.str(t.shape()));
                } else {
                    used.add(key);
                    s.slots.put(slot, t.to(value.backend()));
                }
            }
            loaded.put(name, s);
        }
        List<String> unexpected = new ArrayList<>();
        for (String key : state.keySet()) {
            if (!used.contains(key)) {
                unexpected.add(key);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !misShaped.isEmpty()) {
            throw new StateDictException(getClass().getSimpleName() + ".loadState", missing, unexpected, misShaped);
        }
        states.clear();
        states.putAll(loaded);
    }

    private long readStep(String name, Tensor t) {
        double v = t.numel() == 1 ? t.toDoubleArray()[0] : Double.NaN;
        if (!(v >= 0 && v < MAX_STEP && v == Math.rint(v))) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadState: '" + name
                    + ".step' must be one integral value in [0, 2^24), got " + (t.numel() == 1 ? v : Shapes.str(t.shape())));
        }
        return (long) v;
    }
}
