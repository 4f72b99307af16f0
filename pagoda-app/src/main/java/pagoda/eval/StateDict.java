package pagoda.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensors;

/**
 * Named weight tensors on the way into a network. A network takes each tensor by name and expected
 * shape; a missing or mis-shaped one fails at once, naming the source, the key and the expected shape,
 * and {@link #requireAllUsed} rejects keys the network did not take, so that a file for another
 * architecture cannot load by accident.
 */
public final class StateDict {
    private final String source;
    private final Map<String, Tensor> tensors;
    private final TreeSet<String> unused;
    private final BiFunction<String, int[], Tensor> fill;

    /** {@code source} names where the tensors came from, for error messages. */
    public StateDict(String source, Map<String, Tensor> tensors) {
        this(source, tensors, null);
    }

    private StateDict(String source, Map<String, Tensor> tensors, BiFunction<String, int[], Tensor> fill) {
        this.source = source;
        this.tensors = new LinkedHashMap<>(tensors);
        this.unused = new TreeSet<>(tensors.keySet());
        this.fill = fill;
    }

    /**
     * A state dict that makes each tensor a network asks for with {@code make(name, shape)}: loading a
     * network from it yields a complete state dict ({@link #tensors}) of that network's layout, for
     * tests with random weights.
     */
    public static StateDict filling(BiFunction<String, int[], Tensor> make) {
        return new StateDict("generated state dict", Map.of(), make);
    }

    /** The tensors by name, in the order they were added or made. */
    public Map<String, Tensor> tensors() {
        return new LinkedHashMap<>(tensors);
    }

    /** Every tensor of a safetensors file, on {@code backend}. */
    public static StateDict read(Path file, Backend backend) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (SafeTensors st = SafeTensors.open(file)) {
            for (String name : st.names()) {
                tensors.put(name, st.readTensor(name, backend));
            }
        }
        return new StateDict(file.toString(), tensors);
    }

    public String source() {
        return source;
    }

    /** The tensor {@code name}, which must have exactly {@code shape}. */
    public Tensor take(String name, int... shape) {
        Tensor t = tensors.get(name);
        if (t == null && fill != null) {
            t = fill.apply(name, shape.clone());
            tensors.put(name, t);
        }
        if (t == null) {
            throw new WeightsException(source + ": tensor '" + name + "' is missing (expected shape "
                    + Arrays.toString(shape) + ")");
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new WeightsException(source + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(shape));
        }
        unused.remove(name);
        return t;
    }

    /** Fails when a key was never taken, except those {@code ignored} accepts. */
    public void requireAllUsed(Predicate<String> ignored) {
        List<String> extra = unused.stream().filter(ignored.negate()).toList();
        if (!extra.isEmpty()) {
            throw new WeightsException(source + ": " + extra.size() + " unexpected tensors (not of this network): "
                    + String.join(", ", extra.subList(0, Math.min(5, extra.size()))) + (extra.size() > 5 ? ", ..." : ""));
        }
    }
}
