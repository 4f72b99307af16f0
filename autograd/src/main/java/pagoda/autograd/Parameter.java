package pagoda.autograd;

import pagoda.tensor.Tensor;

/** A trainable leaf owned by a {@link Module}; frozen parameters keep their value and receive no gradient. */
public final class Parameter extends Var {
    Parameter(Tensor init) {
        super(init, true, null);
    }

    public boolean isFrozen() {
        return !requiresGrad();
    }
}
