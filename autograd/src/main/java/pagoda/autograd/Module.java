package pagoda.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import pagoda.tensor.Backend;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/**
 * A network component: named parameters, buffers and child modules, composed into PyTorch-style dotted
 * names ({@code enc.16x16_block0.conv0.weight}). Order follows registration, parameters and buffers of a
 * module before those of its children, as {@code torch.nn.Module.state_dict}.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    // ---- registration ----------------------------------------------------------------------------

    public final Parameter registerParameter(String name, Tensor init) {
        checkName(name);
        Parameter p = new Parameter(Objects.requireNonNull(init, "initial value of parameter " + name));
        parameters.put(name, p);
        return p;
    }

    public final void registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, Objects.requireNonNull(value, "value of buffer " + name));
    }

    public final <M extends Module> M registerModule(String name, M child) {
        checkName(name);
        if (child == this) {
            throw new IllegalArgumentException("registerModule: a module cannot be its own child ('" + name + "')");
        }
        children.put(name, Objects.requireNonNull(child, "child module " + name));
        return child;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("register: name '" + name + "' must be non-empty and contain no '.'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("register: name '" + name + "' is already taken in " + getClass().getSimpleName());
        }
    }

    /** This module's own buffer (not a descendant's). */
    public final Tensor buffer(String name) {
        Tensor t = buffers.get(name);
        if (t == null) {
            throw new IllegalArgumentException("buffer: no buffer '" + name + "' in " + getClass().getSimpleName()
                    + " (has " + buffers.keySet() + ")");
        }
        return t;
    }

    /** Replaces one of this module's buffers with a tensor of the same shape. */
    public final void setBuffer(String name, Tensor value) {
        Tensor old = buffer(name);
        if (!old.sameShape(value)) {
            throw new IllegalArgumentException("setBuffer: '" + name + "' has shape " + Shapes.str(old.shape())
                    + ", got " + Shapes.str(value.shape()));
        }
        buffers.put(name, value);
    }

    // ---- traversal -------------------------------------------------------------------------------

    /** Every parameter of this module and its descendants, by dotted name. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collectParameters("", out);
        return out;
    }

    private void collectParameters(String prefix, Map<String, Parameter> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p));
        children.forEach((n, c) -> c.collectParameters(prefix + n + ".", out));
    }

    /** Every buffer of this module and its descendants, by dotted name. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out, false);
        return out;
    }

    /** This module and its descendants by dotted path; this module is "". */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String path, Map<String, Module> out) {
        out.put(path, this);
        children.forEach((n, c) -> c.collectModules(path.isEmpty() ? n : path + "." + n, out));
    }

    /** Parameter values and buffers by dotted name, as {@code torch.nn.Module.state_dict}. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out, true);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out, boolean withParameters) {
        if (withParameters) {
            parameters.forEach((n, p) -> out.put(prefix + n, p.value()));
        }
        buffers.forEach((n, b) -> out.put(prefix + n, b));
        children.forEach((n, c) -> c.collectState(prefix + n + ".", out, withParameters));
    }

    /** The keys a non-strict {@link #loadStateDict} skipped. */
    public record LoadResult(List<String> missing, List<String> unexpected) {
    }

    /**
     * Copies values into parameters and buffers by name, each moved to the backend of the value it
     * replaces. A shape mismatch is always an error; with {@code strict}, so is any missing or unexpected
     * key. Nothing is loaded when an error is thrown.
     *
     * @throws StateDictException naming every missing, unexpected and mis-shaped key
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor given = state.get(e.getKey());
            if (given == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(given.shape(), e.getValue().shape())) {
                misShaped.add(e.getKey() + ": expected " + Shapes.str(e.getValue().shape()) + ", got " + Shapes.str(given.shape()));
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String key : state.keySet()) {
            if (!own.containsKey(key)) {
                unexpected.add(key);
            }
        }
        if (!misShaped.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            throw new StateDictException(getClass().getSimpleName() + ".loadStateDict" + (strict ? " (strict)" : ""),
                    strict ? missing : List.of(), strict ? unexpected : List.of(), misShaped);
        }
        assign("", state);
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    private void assign(String prefix, Map<String, Tensor> state) {
        parameters.forEach((n, p) -> {
            Tensor t = state.get(prefix + n);
            if (t != null) {
                p.setValue(t.to(p.value().backend()));
            }
        });
        buffers.replaceAll((n, b) -> {
            Tensor t = state.get(prefix + n);
            return t == null ? b : t.to(b.backend());
        });
        children.forEach((n, c) -> c.assign(prefix + n + ".", state));
    }

    /** Moves every parameter and buffer to {@code backend} (gradients are dropped). */
    public final void to(Backend backend) {
        parameters.values().forEach(p -> {
            p.setValue(p.value().to(backend));
            p.zeroGrad();
        });
        buffers.replaceAll((n, b) -> b.to(backend));
        children.values().forEach(c -> c.to(backend));
    }

    // ---- freezing and mode -----------------------------------------------------------------------

    /**
     * Stops gradients for every parameter whose dotted name is {@code prefix} or starts with
     * {@code prefix + "."} ("" means all), dropping their accumulated gradients.
     *
     * @return the names frozen
     * @throws IllegalArgumentException when no parameter matches
     */
    public final List<String> freeze(String prefix) {
        return setRequiresGrad(prefix, false, "freeze");
    }

    /** The reverse of {@link #freeze}. */
    public final List<String> unfreeze(String prefix) {
        return setRequiresGrad(prefix, true, "unfreeze");
    }

    private List<String> setRequiresGrad(String prefix, boolean requiresGrad, String op) {
        List<String> names = new ArrayList<>();
        namedParameters().forEach((n, p) -> {
            if (prefix.isEmpty() || n.equals(prefix) || n.startsWith(prefix + ".")) {
                p.setRequiresGrad(requiresGrad);
                if (!requiresGrad) {
                    p.zeroGrad();
                }
                names.add(n);
            }
        });
        if (names.isEmpty()) {
            throw new IllegalArgumentException(op + ": no parameter named '" + prefix + "' or under '" + prefix
                    + ".' in " + getClass().getSimpleName());
        }
        return names;
    }

    /** Sets training mode (dropout active) on this module and every descendant. */
    public final void train(boolean on) {
        training = on;
        children.values().forEach(c -> c.train(on));
    }

    /** {@code train(false)}. */
    public final void eval() {
        train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Number of scalar parameters, frozen ones included. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : namedParameters().values()) {
            n += p.value().numel();
        }
        return n;
    }

    /** Clears the gradients of every parameter. */
    public final void zeroGrad() {
        namedParameters().values().forEach(Var::zeroGrad);
    }
}
