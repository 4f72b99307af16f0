package pagoda.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

class FeatureExtractionTest {
    private static final Backend CPU = Backends.cpu();

    /** Image i of ten is constant at i / 10. */
    private static final ImageSet TEN = new ImageSet() {
        @Override
        public String describe() {
            return "ten constant images";
        }

        @Override
        public int size() {
            return 10;
        }

        @Override
        public int channels() {
            return 1;
        }

        @Override
        public int height() {
            return 16;
        }

        @Override
        public int width() {
            return 16;
        }

        @Override
        public Tensor read(int from, int to, Backend backend) {
            float[] v = new float[(to - from) * 256];
            for (int i = from; i < to; i++) {
                Arrays.fill(v, (i - from) * 256, (i - from + 1) * 256, i / 10f);
            }
            return Tensor.of(backend, v, to - from, 1, 16, 16);
        }
    };

    /** A "network" whose one feature is the image's mean. */
    private static final FeatureNetwork MEAN = new FeatureNetwork() {
        @Override
        public String name() {
            return "mean";
        }

        @Override
        public int dim() {
            return 1;
        }

        @Override
        public int minSize() {
            return 1;
        }

        @Override
        public Tensor forward(Tensor images) {
            return Ops.mean(images, 1, 2, 3).reshape(images.size(0), 1);
        }
    };

    @Test
    void aSubsetIsEvenlySpacedThroughTheSet() throws Exception {
        // floor(k * 10 / 4) for k = 0..3: images 0, 2, 5, 7.
        assertArrayEquals(new float[] {0f, 0.2f, 0.5f, 0.7f}, FeatureExtraction.extract(MEAN, TEN, 4, 16, 3, CPU).values());
        float[] all = FeatureExtraction.extract(MEAN, TEN, 10, 16, 4, CPU).values();
        for (int i = 0; i < 10; i++) {
            assertTrue(all[i] == i / 10f, "image " + i + ": " + all[i]);
        }
        assertThrows(IllegalArgumentException.class, () -> FeatureExtraction.extract(MEAN, TEN, 11, 16, 4, CPU));
    }

    @Test
    void resizingKeepsImagesAtTheirSizeAndClampsOvershoot() {
        Tensor x = Ops.uniform(CPU, 1, 0, -1f, 1f, 2, 3, 20, 20);
        assertSame(x, FeatureExtraction.atResolution(x, 20));
        // A checkerboard of +-1 overshoots under bicubic upsampling; the result stays in [-1, 1].
        float[] board = new float[64];
        for (int i = 0; i < 64; i++) {
            board[i] = ((i / 8 + i % 8) % 2) * 2 - 1f;
        }
        Tensor up = FeatureExtraction.atResolution(Tensor.of(CPU, board, 1, 1, 8, 8), 29);
        assertArrayEquals(new int[] {1, 1, 29, 29}, up.shape());
        assertTrue(Ops.max(Ops.abs(up)).item() <= 1f);
    }
}
