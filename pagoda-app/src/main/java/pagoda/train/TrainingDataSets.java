package pagoda.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.data.DataLog;
import pagoda.data.DataSpec;
import pagoda.data.ImageDataset;
import pagoda.data.ShuffleStream;
import pagoda.data.Split;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * The training split of a data set ({@link ImageDataset}: emoji, Fashion-MNIST or a folder) as a
 * {@link TrainingData} stream: epochs of seeded permutations with a mirror bit per draw
 * ({@link ShuffleStream}), whose state (seed and position) a checkpoint stores. The held-out split is
 * never trained on.
 */
public final class TrainingDataSets implements TrainingData {
    private final ImageDataset dataset;
    private ShuffleStream stream;

    private TrainingDataSets(ImageDataset dataset, long seed) {
        this.dataset = dataset;
        this.stream = dataset.shuffle(seed);
    }

    /**
     * Opens the training split of {@code data} at {@code resolution}, caching the decoded images in
     * {@code cacheDir} (null: no cache).
     *
     * @throws IllegalArgumentException when the source is unknown, missing, empty or has other than
     *         {@code channels} channels
     */
    public static TrainingDataSets open(String data, int resolution, int channels, long seed, Path cacheDir, DataLog log)
            throws IOException {
        DataSpec spec = DataSpec.parse(data);
        Path cache = cacheDir == null ? null : cacheDir.resolve(ImageDataset.cacheFileName(spec, resolution));
        ImageDataset ds = ImageDataset.open(spec, resolution, Split.TRAIN, cache, log);
        if (ds.size() == 0) {
            throw new IllegalArgumentException("the training split of " + data + " holds no images");
        }
        if (ds.channels() != channels) {
            throw new IllegalArgumentException(data + " has " + ds.channels() + "-channel images, the network takes "
                    + channels + " (img_channels)");
        }
        return new TrainingDataSets(ds, seed);
    }

    @Override
    public int channels() {
        return dataset.channels();
    }

    @Override
    public int resolution() {
        return dataset.resolution();
    }

    @Override
    public int classes() {
        return dataset.numClasses();
    }

    @Override
    public int size() {
        return dataset.size();
    }

    @Override
    public Batch next(Backend backend, int n, boolean xflip) {
        ShuffleStream.Batch b = stream.next(n);
        Tensor images = dataset.batch(backend, b, xflip);
        return new Batch(images, dataset.labelled() ? dataset.oneHot(backend, b.indices()) : null);
    }

    @Override
    public Map<String, Object> state() {
        ShuffleStream.State s = stream.state();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", s.seed());
        m.put("position", s.position());
        m.put("images", (long) dataset.size());
        return m;
    }

    @Override
    public void restore(Map<String, Object> state, String source) {
        Object seed = state.get("seed");
        Object position = state.get("position");
        Object images = state.get("images");
        if (!(seed instanceof Long s) || !(position instanceof Long p) || !(images instanceof Long n)) {
            throw new IllegalArgumentException(source + ": the data state " + state + " lacks seed, position or images");
        }
        if (n != dataset.size()) {
            throw new IllegalArgumentException(source + ": the run was trained on " + n + " images, the data set now holds "
                    + dataset.size() + "; resuming on other data would not continue the same run");
        }
        stream = ShuffleStream.resume(dataset.size(), new ShuffleStream.State(s, p));
    }
}
