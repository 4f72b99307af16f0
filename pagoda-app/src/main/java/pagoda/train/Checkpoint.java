package pagoda.train;

import java.util.Map;
import pagoda.tensor.Tensor;

/**
 * Everything a run needs to continue exactly where it stopped ({@link TrainingState}): the tensors (network weights, their EMA,
 * the optimiser's moments and step counts, under the prefixes {@code net.}, {@code ema.}, {@code optim.})
 * and, as JSON, the counters and the data stream's position. The random numbers need no state of their
 * own ({@link StepRandom} keys them by seed and step).
 *
 * @param step optimiser steps taken
 * @param images training images seen
 * @param tensors named tensors, in the order they are written
 * @param state JSON-serialisable values (maps, lists, strings, numbers) such as the data stream's position
 */
public record Checkpoint(long step, long images, Map<String, Tensor> tensors, Map<String, Object> state) {
}
