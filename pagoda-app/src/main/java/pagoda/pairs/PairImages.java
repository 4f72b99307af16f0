package pagoda.pairs;

import pagoda.data.ImageDataset;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * The images of a {@link PairSet} in a data set: each pair's image found by its id (the ids are the same at
 * every resolution) and mirrored when the pair was. At the pairs' own resolution the data set must hash to
 * the manifest's {@link DataHash}, so the images are exactly those that were encoded.
 */
public final class PairImages {
    private final PairSet pairs;
    private final ImageDataset data;
    private final int[] rows;

    private PairImages(PairSet pairs, ImageDataset data, int[] rows) {
        this.pairs = pairs;
        this.data = data;
        this.rows = rows;
    }

    /**
     * Matches {@code data} to {@code pairs}.
     *
     * @throws IllegalArgumentException when an image is missing, a label or the channels differ, or, at the
     *         pairs' resolution, the images are not those that were encoded
     */
    public static PairImages match(PairSet pairs, ImageDataset data) {
        PairManifest m = pairs.manifest();
        if (data.channels() != m.channels()) {
            throw new IllegalArgumentException("the data set has " + data.channels() + " channels, the pairs of " + pairs.dir() + " "
                    + m.channels());
        }
        if (data.resolution() == m.resolution() && !DataHash.of(encoded(data, m)).equals(m.dataSha256())) {
            throw new IllegalArgumentException("the " + m.split() + " split of " + m.source() + " at " + m.resolution() + "x"
                    + m.resolution() + " is not the data " + pairs.dir() + " was encoded from (its images hash differently)");
        }
        int[] rows = new int[pairs.size()];
        for (int p = 0; p < rows.length; p++) {
            rows[p] = data.indexOf(pairs.id(p));
            if (rows[p] < 0) {
                throw new IllegalArgumentException("image id " + pairs.id(p) + " of pair " + p + " is not in the " + m.split()
                        + " split of " + m.source() + " at " + data.resolution());
            }
            if (data.label(rows[p]) != pairs.label(p)) {
                throw new IllegalArgumentException("image id " + pairs.id(p) + " has label " + data.label(rows[p]) + " in the data set, "
                        + pairs.label(p) + " in the pairs");
            }
        }
        return new PairImages(pairs, data, rows);
    }

    /** The images of {@code data} that were encoded: all, or the evenly spaced subset the manifest records. */
    private static ImageDataset encoded(ImageDataset data, PairManifest m) {
        return m.splitImages() > 0 && data.size() == m.splitImages() ? data.evenlySpaced(m.images()) : data;
    }

    public ImageDataset dataset() {
        return data;
    }

    public int resolution() {
        return data.resolution();
    }

    /** The images of the given pairs [B, C, R, R] in [-1, 1], mirrored where the pair was. */
    public Tensor images(Backend backend, int[] pairIndices) {
        int[] index = new int[pairIndices.length];
        boolean[] flip = new boolean[pairIndices.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = rows[pairIndices[i]];
            flip[i] = pairs.flip(pairIndices[i]);
        }
        return data.batch(backend, index, flip);
    }
}
