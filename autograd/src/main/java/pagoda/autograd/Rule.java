package pagoda.autograd;

import pagoda.tensor.Tensor;

/**
 * The backward rule of one recorded op: given the gradient of the op's output, the gradients of its
 * inputs, in input order. {@code needs[i]} says whether input i wants one; an entry whose input does not
 * may be null. A returned gradient may have the output's broadcast shape: the tape sums it back to the
 * input's shape.
 */
@FunctionalInterface
public interface Rule {
    Tensor[] grads(Tensor dy, boolean[] needs);
}
