package pagoda.autograd;

import pagoda.tensor.Tensor;

/**
 * Batch norm in training mode: the normalised output and the batch statistics it used, per channel [C]:
 * the mean and the biased variance (divided by N * positions), from which a layer updates its running
 * averages.
 */
public record BatchNormOutput(Var out, Tensor mean, Tensor variance) {
}
