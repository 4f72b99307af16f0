package pagoda.pairs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;
import pagoda.data.DataLog;
import pagoda.data.DataSpec;
import pagoda.data.ImageDataset;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * A finished pairs folder, read for the decoder's training: every pair's latent, image id, flip flag and
 * label in memory (float32 latents: 3 KB a pair at 3x16x16), and the images they were encoded from,
 * fetched from the data set by id ({@link PairImages}) at the pairs' resolution or any other.
 */
public final class PairSet {
    /** One pair: its index, the image's id in the data set, whether it was mirrored, its label (-1: none), its latent [C, R, R]. */
    public record Pair(int index, long id, boolean flip, int label, float[] latent) {
    }

    /** A training batch: latents [B, C, R, R], the images [B, C, R', R'] in [-1, 1], one-hot labels [B, K] or null. */
    public record Batch(Tensor latents, Tensor images, Tensor labels) {
    }

    private final Path dir;
    private final PairManifest manifest;
    private final float[] latents;
    private final long[] ids;
    private final boolean[] flips;
    private final int[] labels;
    private final int per;

    private PairSet(Path dir, PairManifest manifest, float[] latents, long[] ids, boolean[] flips, int[] labels) {
        this.dir = dir;
        this.manifest = manifest;
        this.latents = latents;
        this.ids = ids;
        this.flips = flips;
        this.labels = labels;
        int[] s = manifest.latentShape();
        this.per = s[0] * s[1] * s[2];
    }

    /**
     * Reads the manifest and every shard of {@code dir}.
     *
     * @throws IllegalArgumentException naming the file when the manifest or a shard is missing, damaged, or
     *         belongs to another manifest, or when the pair order is broken
     */
    public static PairSet open(Path dir) throws IOException {
        PairManifest m = PairManifest.read(dir);
        int n = Math.toIntExact(m.pairs());
        int[] s = m.latentShape();
        int per = s[0] * s[1] * s[2];
        float[] latents = new float[Math.multiplyExact(n, per)];
        long[] ids = new long[n];
        boolean[] flips = new boolean[n];
        int[] labels = new int[n];
        boolean labelled = !m.classes().isEmpty();
        for (int k = 0; k < m.shards(); k++) {
            PairShard.Contents c = PairShard.read(dir, m, k);
            int first = (int) m.shardFirst(k);
            int count = m.shardCount(k);
            System.arraycopy(c.latents(), 0, latents, first * per, count * per);
            System.arraycopy(c.ids(), 0, ids, first, count);
            System.arraycopy(c.flips(), 0, flips, first, count);
            for (int i = 0; i < count; i++) {
                labels[first + i] = labelled ? c.labels()[i] : -1;
            }
        }
        for (int p = 0; p < n; p++) {
            if (flips[p] != (p % 2 == 1) || ids[p] != ids[p - p % 2] || labels[p] != labels[p - p % 2]) {
                throw new IllegalArgumentException(dir + ": pair " + p + " (id " + ids[p] + ", flip " + flips[p]
                        + ") breaks the manifest's order (pair 2i: image i, pair 2i+1: its mirror)");
            }
            if (labelled && (labels[p] < 0 || labels[p] >= m.classes().size())) {
                throw new IllegalArgumentException(dir + ": pair " + p + " has label " + labels[p] + ", outside the "
                        + m.classes().size() + " classes");
            }
        }
        return new PairSet(dir, m, latents, ids, flips, labels);
    }

    public Path dir() {
        return dir;
    }

    public PairManifest manifest() {
        return manifest;
    }

    /** Number of pairs (twice the images). */
    public int size() {
        return ids.length;
    }

    public long id(int pair) {
        return ids[pair];
    }

    public boolean flip(int pair) {
        return flips[pair];
    }

    /** The pair's label, -1 for an unlabelled source. */
    public int label(int pair) {
        return labels[pair];
    }

    public boolean labelled() {
        return !manifest.classes().isEmpty();
    }

    public int numClasses() {
        return manifest.classes().size();
    }

    /** The latent of one pair [C, R, R] (a copy). */
    public float[] latent(int pair) {
        float[] out = new float[per];
        System.arraycopy(latents, pair * per, out, 0, per);
        return out;
    }

    /** Every pair in order. */
    public List<Pair> pairs() {
        return new AbstractList<>() {
            @Override
            public Pair get(int p) {
                return new Pair(p, ids[p], flips[p], labels[p], latent(p));
            }

            @Override
            public int size() {
                return ids.length;
            }
        };
    }

    /** Latents [B, C, R, R] of the given pairs. */
    public Tensor latents(Backend backend, int[] pairs) {
        float[] out = new float[pairs.length * per];
        for (int i = 0; i < pairs.length; i++) {
            System.arraycopy(latents, pairs[i] * per, out, i * per, per);
        }
        int[] s = manifest.latentShape();
        return Tensor.of(backend, out, pairs.length, s[0], s[1], s[2]);
    }

    /** One-hot labels [B, K] of the given pairs; the source must be labelled. */
    public Tensor oneHot(Backend backend, int[] pairs) {
        if (!labelled()) {
            throw new IllegalStateException(dir + ": the pairs' source " + manifest.source() + " has no labels");
        }
        int k = numClasses();
        float[] out = new float[pairs.length * k];
        for (int i = 0; i < pairs.length; i++) {
            out[i * k + labels[pairs[i]]] = 1f;
        }
        return Tensor.of(backend, out, pairs.length, k);
    }

    /**
     * The images of these pairs at {@code resolution} from the manifest's source and split, decoded images
     * cached in the pairs folder (where the encode left the ones at the pairs' resolution).
     */
    public PairImages images(int resolution, DataLog log) throws IOException {
        DataSpec spec = DataSpec.parse(manifest.source());
        return images(resolution, spec, dir.resolve(ImageDataset.cacheFileName(spec, resolution)), log);
    }

    /**
     * The images of these pairs at {@code resolution}, from the manifest's source and split ({@code source}
     * null), or from {@code source} when the data has moved; see {@link PairImages#match}.
     */
    public PairImages images(int resolution, DataSpec source, Path cache, DataLog log) throws IOException {
        DataSpec spec = source != null ? source : DataSpec.parse(manifest.source());
        return PairImages.match(this, ImageDataset.open(spec, resolution, manifest.split(), cache, log));
    }

    /** A batch of the given pairs with their images from {@code images}. */
    public Batch batch(Backend backend, int[] pairs, PairImages images) {
        return new Batch(latents(backend, pairs), images.images(backend, pairs), labelled() ? oneHot(backend, pairs) : null);
    }
}
