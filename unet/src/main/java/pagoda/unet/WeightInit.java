package pagoda.unet;

import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * EDM's weight initialisation ({@code weight_init} in NVlabs/edm training/networks.py), drawn from the
 * project's Philox stream: each tensor takes the next {@code numel} draws of stream {@code seed}, so a
 * model built twice with the same seed is identical, whatever the backend or thread count.
 *
 * <p>Modes, for fan-in {@code i} and fan-out {@code o}: xavier_uniform {@code sqrt(6/(i+o)) U(-1,1)},
 * xavier_normal {@code sqrt(2/(i+o)) N(0,1)}, kaiming_uniform {@code sqrt(3/i) U(-1,1)}, kaiming_normal
 * {@code sqrt(1/i) N(0,1)}; the result is multiplied by the layer's {@code init_weight} or
 * {@code init_bias}. A factor of 0 (EDM's zero-initialised layers) gives zeros without drawing.
 */
public final class WeightInit {
    /** EDM's initialisation modes. */
    public enum Mode { XAVIER_UNIFORM, XAVIER_NORMAL, KAIMING_UNIFORM, KAIMING_NORMAL }

    /** A mode with the factors of the weight and of the bias ({@code init_weight}, {@code init_bias}). */
    public record Spec(Mode mode, double weight, double bias) {
    }

    private final Backend backend;
    private final long seed;
    private long offset;

    public WeightInit(Backend backend, long seed) {
        this.backend = backend;
        this.seed = seed;
    }

    public Backend backend() {
        return backend;
    }

    /** A tensor of {@code shape} drawn in {@code mode} and multiplied by {@code factor}. */
    public Tensor draw(Mode mode, double factor, int fanIn, int fanOut, int... shape) {
        if (factor == 0) {
            return Tensor.zeros(backend, shape);
        }
        boolean normal = mode == Mode.XAVIER_NORMAL || mode == Mode.KAIMING_NORMAL;
        double scale = switch (mode) {
            case XAVIER_UNIFORM -> Math.sqrt(6.0 / (fanIn + fanOut));
            case XAVIER_NORMAL -> Math.sqrt(2.0 / (fanIn + fanOut));
            case KAIMING_UNIFORM -> Math.sqrt(3.0 / fanIn);
            case KAIMING_NORMAL -> Math.sqrt(1.0 / fanIn);
        };
        Tensor t = normal ? Ops.normal(backend, seed, offset, 0f, 1f, shape) : Ops.uniform(backend, seed, offset, -1f, 1f, shape);
        offset += t.numel();
        return Ops.mul(t, (float) (scale * factor));
    }

    public Tensor ones(int... shape) {
        return Ops.full(backend, 1f, shape);
    }

    public Tensor zeros(int... shape) {
        return Tensor.zeros(backend, shape);
    }
}
