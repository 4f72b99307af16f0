package pagoda.train;

import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;
import pagoda.tensor.random.Philox;

/**
 * A small deterministic data set for training tests: {@code size} smooth random images (a few low-frequency
 * blobs from Philox draws) visited in order, mirrored where a Philox bit says; its state is the position.
 */
final class SyntheticData implements TrainingData {
    private final int size;
    private final int channels;
    private final int resolution;
    private final int classes;
    private final float[] pixels;
    private long position;

    SyntheticData(int size, int channels, int resolution, int classes) {
        this.size = size;
        this.channels = channels;
        this.resolution = resolution;
        this.classes = classes;
        int per = channels * resolution * resolution;
        pixels = new float[size * per];
        float[] p = new float[4];
        for (int i = 0; i < size; i++) {
            Philox.fill(p, 0, 4, 77, i * 4L, false, 0f, 1f);
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < resolution; y++) {
                    for (int x = 0; x < resolution; x++) {
                        double v = Math.sin(6.28 * (p[0] * x / resolution + p[1] * y / resolution) + p[2] * 6.28 + c);
                        pixels[i * per + (c * resolution + y) * resolution + x] = (float) (0.8 * v * p[3]);
                    }
                }
            }
        }
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int resolution() {
        return resolution;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Batch next(Backend backend, int n, boolean xflip) {
        int r = resolution;
        int per = channels * r * r;
        float[] out = new float[n * per];
        float[] labels = classes == 0 ? null : new float[n * classes];
        float[] u = new float[1];
        for (int k = 0; k < n; k++, position++) {
            int i = (int) (position % size);
            Philox.fill(u, 0, 1, 99, position, false, 0f, 1f);
            boolean flip = xflip && u[0] < 0.5f;
            for (int row = 0; row < channels * r; row++) {
                for (int x = 0; x < r; x++) {
                    out[k * per + row * r + x] = pixels[i * per + row * r + (flip ? r - 1 - x : x)];
                }
            }
            if (labels != null) {
                labels[k * classes + i % classes] = 1;
            }
        }
        return new Batch(Tensor.of(backend, out, n, channels, r, r), labels == null ? null : Tensor.of(backend, labels, n, classes));
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("position", position);
        return m;
    }

    @Override
    public void restore(Map<String, Object> state, String source) {
        if (!(state.get("position") instanceof Long p)) {
            throw new IllegalArgumentException(source + ": no position in the data state " + state);
        }
        position = p;
    }
}
