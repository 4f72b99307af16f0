package pagoda.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pagoda.image.ByteImage;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * A data set of square images at one resolution, one split of it, as training, encoding and evaluation
 * read it: N images [C, R, R] of 8 bits, each with an id (the same at every resolution, see
 * {@link #openViews}) and a label (-1 when the source has none), served as float batches in [-1, 1]
 * ({@code x / 127.5 - 1}, as EDM scales its data) with optional horizontal mirroring.
 *
 * <p>Opening decodes the source ({@link DataSpec}) and takes every image to the resolution with the
 * reference pipeline, or reads a cache file written by an earlier open of the same source and resolution.
 */
public final class ImageDataset {
    private final DecodedSet set;
    private final Split split;
    private final int[] rows;
    private final boolean fromCache;
    private final double seconds;
    private Map<Long, Integer> byId;

    private ImageDataset(DecodedSet set, Split split, int[] rows, boolean fromCache, double seconds) {
        this.set = set;
        this.split = split;
        this.rows = rows;
        this.fromCache = fromCache;
        this.seconds = seconds;
    }

    /** The rows of {@code set} that {@code split} admits, in order. */
    private static int[] splitRows(DecodedSet set, Split split) {
        int count = 0;
        int[] r = new int[set.size()];
        for (int i = 0; i < set.size(); i++) {
            if (split.admits(set.test()[i])) {
                r[count++] = i;
            }
        }
        return Arrays.copyOf(r, count);
    }

    /** The split of {@code spec} at {@code resolution}, decoded now (no cache). */
    public static ImageDataset open(DataSpec spec, int resolution, Split split) throws IOException {
        return open(spec, resolution, split, null, DataLog.NONE);
    }

    /**
     * The split of {@code spec} at {@code resolution}, read from {@code cache} when it holds this source at
     * this resolution, otherwise decoded and written there (null: no cache).
     *
     * @throws DataException when the source is missing, malformed or has no usable image
     */
    public static ImageDataset open(DataSpec spec, int resolution, Split split, Path cache, DataLog log) throws IOException {
        return openViews(spec, new int[] {resolution}, split, cache == null ? null : List.of(cache), log).getFirst();
    }

    /**
     * The same split of {@code spec} at several resolutions, decoding the source at most once: the views hold
     * the same images in the same order under the same ids. {@code caches} gives one cache file per
     * resolution (null: no caching); views found in their cache are read from it.
     */
    public static List<ImageDataset> openViews(DataSpec spec, int[] resolutions, Split split, List<Path> caches, DataLog log)
            throws IOException {
        if (caches != null && caches.size() != resolutions.length) {
            throw new IllegalArgumentException(resolutions.length + " resolutions but " + caches.size() + " cache files");
        }
        for (int r : resolutions) {
            if (r < 1) {
                throw new IllegalArgumentException("resolution must be a positive number of pixels, got " + r);
            }
        }
        long t0 = System.nanoTime();
        DataSpec resolved = spec.resolve();
        DecodedSet[] sets = new DecodedSet[resolutions.length];
        String[] keys = new String[resolutions.length];
        List<Integer> missing = new ArrayList<>();
        if (caches != null) {
            String fingerprint = resolved.fingerprint();
            for (int i = 0; i < resolutions.length; i++) {
                keys[i] = DatasetCache.key(fingerprint, resolutions[i]);
                sets[i] = DatasetCache.read(caches.get(i), keys[i], log);
                if (sets[i] == null) {
                    missing.add(i);
                }
            }
        } else {
            for (int i = 0; i < resolutions.length; i++) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            int[] todo = missing.stream().mapToInt(i -> resolutions[i]).toArray();
            List<DecodedSet> decoded = Decoder.decode(resolved.open(), todo, log);
            for (int m = 0; m < missing.size(); m++) {
                int i = missing.get(m);
                sets[i] = decoded.get(m);
                if (caches != null) {
                    DatasetCache.write(caches.get(i), sets[i], keys[i]);
                    log.line("cached " + sets[i].size() + " images at " + resolutions[i] + "x" + resolutions[i] + " in " + caches.get(i));
                }
            }
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        List<ImageDataset> views = new ArrayList<>();
        for (int i = 0; i < resolutions.length; i++) {
            views.add(new ImageDataset(sets[i], split, splitRows(sets[i], split), !missing.contains(i), seconds));
        }
        return views;
    }

    /** A cache file name for {@code spec} at {@code resolution}, for runs that keep their data next to them. */
    public static String cacheFileName(DataSpec spec, int resolution) {
        String name = spec.kind().toString();
        if (spec.kind() == DataSpec.Kind.FOLDER) {
            name += "-" + spec.path().getFileName();
        }
        return ("data-" + name + "-" + resolution + ".safetensors").replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * {@code n} images spread evenly through this split, image k being image floor(k * size / n), with their
     * ids: a subset that samples the whole split, for short runs ({@code ./pagoda encode --images}).
     */
    public ImageDataset evenlySpaced(int n) {
        if (n < 1 || n > rows.length) {
            throw new IllegalArgumentException("a subset of 1 to " + rows.length + " images (the split's size) expected, got " + n);
        }
        int[] r = new int[n];
        for (int k = 0; k < n; k++) {
            r[k] = rows[(int) ((long) k * rows.length / n)];
        }
        return new ImageDataset(set, split, r, fromCache, seconds);
    }

    public int size() {
        return rows.length;
    }

    public int channels() {
        return set.channels();
    }

    public int resolution() {
        return set.resolution();
    }

    public Split split() {
        return split;
    }

    /** The class names; empty for an unlabelled source. */
    public List<String> classes() {
        return set.classes();
    }

    public int numClasses() {
        return set.classes().size();
    }

    public boolean labelled() {
        return !set.classes().isEmpty();
    }

    public long id(int i) {
        return set.ids()[rows[i]];
    }

    public long[] ids() {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = set.ids()[rows[i]];
        }
        return out;
    }

    /** The label of image {@code i}, -1 for an unlabelled source. */
    public int label(int i) {
        return set.labels()[rows[i]];
    }

    public int[] labels(int[] indices) {
        int[] out = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            out[k] = label(indices[k]);
        }
        return out;
    }

    /** The index of the image with this id in this split, or -1. */
    public synchronized int indexOf(long id) {
        if (byId == null) {
            byId = new HashMap<>();
            for (int i = 0; i < rows.length; i++) {
                byId.put(set.ids()[rows[i]], i);
            }
        }
        return byId.getOrDefault(id, -1);
    }

    /** Image {@code i} as 8-bit pixels [C, R, R]. */
    public ByteImage image(int i) {
        int per = set.imageBytes();
        byte[] px = new byte[per];
        System.arraycopy(set.pixels(), rows[i] * per, px, 0, per);
        return new ByteImage(set.channels(), set.resolution(), set.resolution(), px);
    }

    /** Images {@code from .. to - 1} as a float batch [B, C, R, R] in [-1, 1]. */
    public Tensor batch(Backend backend, int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IndexOutOfBoundsException("batch " + from + " .. " + to + " of a data set of " + size() + " images");
        }
        int[] idx = new int[to - from];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = from + k;
        }
        return batch(backend, idx, null);
    }

    /**
     * The images {@code indices} as a float batch [B, C, R, R] in [-1, 1], image k mirrored when
     * {@code flips[k]} ({@code flips} may be null: none mirrored).
     */
    public Tensor batch(Backend backend, int[] indices, boolean[] flips) {
        if (flips != null && flips.length != indices.length) {
            throw new IllegalArgumentException(indices.length + " indices but " + flips.length + " flip flags");
        }
        int r = set.resolution();
        int per = set.imageBytes();
        byte[] px = set.pixels();
        float[] out = new float[indices.length * per];
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0 || indices[k] >= size()) {
                throw new IndexOutOfBoundsException("image " + indices[k] + " of a data set of " + size() + " images");
            }
            int src = rows[indices[k]] * per;
            boolean flip = flips != null && flips[k];
            for (int row = 0; row < set.channels() * r; row++) {
                for (int x = 0; x < r; x++) {
                    int v = px[src + row * r + (flip ? r - 1 - x : x)] & 0xFF;
                    out[k * per + row * r + x] = v / 127.5f - 1f;
                }
            }
        }
        return Tensor.of(backend, out, indices.length, set.channels(), r, r);
    }

    /** A training batch from a shuffle stream: its indices, mirrored where the stream says so when {@code xflip}. */
    public Tensor batch(Backend backend, ShuffleStream.Batch b, boolean xflip) {
        return batch(backend, b.indices(), xflip ? b.flips() : null);
    }

    /** One-hot labels [B, numClasses] of the images {@code indices}; the source must be labelled. */
    public Tensor oneHot(Backend backend, int[] indices) {
        if (!labelled()) {
            throw new IllegalStateException(set.kind() + " " + set.location() + " has no labels");
        }
        float[] out = new float[indices.length * numClasses()];
        for (int k = 0; k < indices.length; k++) {
            out[k * numClasses() + label(indices[k])] = 1f;
        }
        return Tensor.of(backend, out, indices.length, numClasses());
    }

    /** A shuffle stream over this split. */
    public ShuffleStream shuffle(long seed) {
        return new ShuffleStream(size(), seed);
    }

    /** The items the source skipped (unreadable or odd) while decoding. */
    public List<SourceItem.Skipped> skipped() {
        return set.skipped();
    }

    /** The images the source's rules dropped. */
    public List<SourceItem.Dropped> dropped() {
        return set.dropped();
    }

    /** Whether this view came from a cache file rather than a decode. */
    public boolean fromCache() {
        return fromCache;
    }

    /**
     * A JSON-ready summary: source, resolution, counts per split, classes with their counts, dropped images
     * per rule and skipped items (the first {@code listed} of each listed by name).
     */
    public Map<String, Object> summary(int listed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", set.kind());
        m.put("location", set.location());
        m.put("resolution", set.resolution());
        m.put("channels", set.channels());
        m.put("split", split.toString());
        m.put("images", size());
        m.put("train", set.size() - set.testCount());
        m.put("test", set.testCount());
        if (labelled()) {
            int[] counts = new int[numClasses()];
            for (int i = 0; i < size(); i++) {
                counts[label(i)]++;
            }
            Map<String, Object> classes = new LinkedHashMap<>();
            for (int c = 0; c < numClasses(); c++) {
                classes.put(set.classes().get(c), counts[c]);
            }
            m.put("classes", classes);
        } else {
            m.put("classes", null);
        }
        Map<String, Object> dropped = new LinkedHashMap<>();
        dropped.put("total", set.dropped().size());
        Map<String, Integer> byRule = new LinkedHashMap<>();
        for (SourceItem.Dropped d : set.dropped()) {
            byRule.merge(d.rule(), 1, Integer::sum);
        }
        dropped.put("by_rule", byRule);
        dropped.put("items", set.dropped().stream().limit(listed).map(d -> d.item() + ": " + d.rule() + " (" + d.detail() + ")").toList());
        m.put("dropped", dropped);
        Map<String, Object> skipped = new LinkedHashMap<>();
        skipped.put("total", set.skipped().size());
        skipped.put("items", set.skipped().stream().limit(listed).map(s -> s.item() + ": " + s.reason()).toList());
        m.put("skipped", skipped);
        m.put("from_cache", fromCache);
        m.put("seconds", Double.parseDouble(String.format(Locale.ROOT, "%.3f", seconds)));
        return m;
    }
}
