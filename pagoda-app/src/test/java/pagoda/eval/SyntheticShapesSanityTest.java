package pagoda.eval;

import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;

/** The metric sanity checks on procedural shapes: they run everywhere, with or without a data set installed. */
class SyntheticShapesSanityTest extends MetricSanityChecks {
    private static final long SEED = 4242;

    @Override
    Tensor splitA() {
        return SyntheticShapes.images(Backends.cpu(), SEED, 0, N, -1);
    }

    @Override
    Tensor splitB() {
        return SyntheticShapes.images(Backends.cpu(), SEED, 100_000, N, -1);
    }

    /** Rectangles only: the discs are the dropped class. */
    @Override
    Tensor halfTheClasses() {
        return SyntheticShapes.images(Backends.cpu(), SEED, 100_000, N, 0);
    }
}
