package pagoda.eval;

import java.io.IOException;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;

/** The metric sanity checks on Fashion-MNIST's test set (skipped, with the reason, where it is not installed). */
class FashionMnistSanityTest extends MetricSanityChecks {
    private static final String IMAGES = "t10k-images-idx3-ubyte.gz";
    private static final String LABELS = "t10k-labels-idx1-ubyte.gz";

    @Override
    Tensor splitA() throws IOException {
        return FashionMnistFiles.images(Backends.cpu(), IMAGES, 0, N);
    }

    @Override
    Tensor splitB() throws IOException {
        return FashionMnistFiles.images(Backends.cpu(), IMAGES, 5000, N);
    }

    /** Classes 0-4 (T-shirt, trouser, pullover, dress, coat) from the second half of the test set. */
    @Override
    Tensor halfTheClasses() throws IOException {
        return firstWithLabelBelow(FashionMnistFiles.images(Backends.cpu(), IMAGES, 5000, 5000),
                FashionMnistFiles.labels(LABELS, 5000, 5000), 5, N);
    }
}
