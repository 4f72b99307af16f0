package pagoda.decoder;

import java.io.IOException;
import java.nio.file.Path;
import pagoda.data.DataLog;
import pagoda.pairs.PairImages;
import pagoda.pairs.PairSet;
import pagoda.tensor.Backend;

/** The pairs of an {@code encode} folder ({@link PairSet}) with their images from the data set, at the pairs' resolution or above. */
public final class PairData implements DecoderData {
    private final PairSet pairs;
    private final PairImages images;

    private PairData(PairSet pairs, PairImages images) {
        this.pairs = pairs;
        this.images = images;
    }

    /**
     * Opens a finished pairs folder and finds its images.
     *
     * @throws IllegalArgumentException naming the file when the folder is incomplete, or the images are not
     *         those that were encoded
     */
    public static PairData open(Path dir, DataLog log) throws IOException {
        PairSet pairs = PairSet.open(dir);
        return new PairData(pairs, pairs.images(pairs.manifest().resolution(), log));
    }

    /**
     * Opens a finished pairs folder with its images at {@code imageResolution} (the same images, taken to that
     * side by the data set's own resize, mirrored as each pair says), for a grown generator.
     */
    public static PairData open(Path dir, int imageResolution, DataLog log) throws IOException {
        PairSet pairs = PairSet.open(dir);
        return new PairData(pairs, pairs.images(imageResolution, log));
    }

    public PairSet pairs() {
        return pairs;
    }

    @Override
    public int size() {
        return pairs.size();
    }

    @Override
    public int channels() {
        return pairs.manifest().channels();
    }

    @Override
    public int resolution() {
        return pairs.manifest().resolution();
    }

    @Override
    public int imageResolution() {
        return images.resolution();
    }

    @Override
    public int classes() {
        return pairs.numClasses();
    }

    @Override
    public Batch batch(Backend backend, int[] indices) {
        PairSet.Batch b = pairs.batch(backend, indices, images);
        return new Batch(b.latents(), b.images(), b.labels());
    }
}
