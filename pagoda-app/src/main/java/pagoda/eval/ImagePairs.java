package pagoda.eval;

import java.util.Arrays;
import pagoda.tensor.Tensor;

/** Shape checks shared by the reconstruction metrics. */
final class ImagePairs {
    private ImagePairs() {
    }

    static void check(String metric, Tensor a, Tensor b) {
        if (a.rank() != 4 || !a.sameShape(b)) {
            throw new IllegalArgumentException(metric + ": expected two image sets of one shape [N, C, H, W], got "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        if (a.backend() != b.backend()) {
            throw new IllegalArgumentException(metric + ": image sets on different backends");
        }
    }
}
