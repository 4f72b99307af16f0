package pagoda.pairs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pagoda.data.DataSpec;
import pagoda.data.Split;
import pagoda.ode.SigmaGrid;
import pagoda.ode.Solver;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonException;
import pagoda.tensor.io.JsonFields;

/**
 * manifest.json of a pairs folder: what made the latents (the teacher's weights hash and config, the data
 * source, split, resolution and a hash of its images, the encoder's grid) and how they are laid out: pair
 * {@code 2i} is image i of the split as it is, pair {@code 2i + 1} its mirror; the pairs are cut into
 * shards of {@code shard_size} ({@link PairShard}), each encoded in batches of {@code batch} starting at its
 * first pair, so that a shard's bytes depend on nothing but the manifest.
 *
 * <p>The manifest is held in its parsed JSON form, so one read back from disk and one just built compare
 * field by field through their JSON text.
 */
public final class PairManifest {
    public static final String FILE = "manifest.json";
    public static final String FORMAT = "pagoda.pairs/1";
    /** The fields whose values decide every byte of the shards (names and paths do not). */
    private static final List<String> IDENTITY = List.of("format", "teacher.model_sha256", "teacher.config", "data.sha256",
            "data.split", "data.resolution", "data.channels", "data.images", "data.classes", "encoder", "shard_size", "batch", "pairs");

    private final JsonFields json;

    private PairManifest(JsonFields json) {
        this.json = json;
    }

    /**
     * A new manifest.
     *
     * @param teacher    the teacher's record ({@code pagoda.teacher.Teacher#describe}): name, path, model_sha256, config
     * @param source     the resolved data source
     * @param images      images encoded; each gives two pairs
     * @param splitImages the split's size when {@code images} of it were encoded, evenly spaced
     *                    ({@link pagoda.data.ImageDataset#evenlySpaced}); 0 when the whole split was
     * @param dataSha256  {@link DataHash} of the images encoded
     * @param levels     the encoder's grid size (Karras levels from sigma_min up to sigma_max)
     */
    public static PairManifest create(Map<String, Object> teacher, DataSpec source, Split split, int resolution, int channels,
            int images, int splitImages, List<String> classes, String dataSha256, int levels, int shardSize, int batch) {
        if (splitImages != 0 && splitImages < images) {
            throw new IllegalArgumentException("a subset of " + images + " images of a split of " + splitImages);
        }
        if (levels < 2 || shardSize < 1 || batch < 1 || images < 1) {
            throw new IllegalArgumentException("levels >= 2, shard size, batch and images >= 1 expected; got " + levels + ", "
                    + shardSize + ", " + batch + ", " + images);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("teacher", teacher);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source", source.toString());
        data.put("split", split.toString());
        data.put("resolution", resolution);
        data.put("channels", channels);
        data.put("images", images);
        if (splitImages > 0) {
            data.put("split_images", splitImages);
            data.put("subset", "image i is image floor(i * split_images / images) of the split");
        }
        data.put("classes", List.copyOf(classes));
        data.put("sha256", dataSha256);
        m.put("data", data);
        Map<String, Object> encoder = new LinkedHashMap<>();
        encoder.put("levels", levels);
        encoder.put("sigma_min", SigmaGrid.SIGMA_MIN);
        encoder.put("sigma_max", SigmaGrid.SIGMA_MAX);
        encoder.put("rho", SigmaGrid.RHO);
        encoder.put("solver", Solver.HEUN.cliName());
        encoder.put("clamp_denoised", true);
        encoder.put("evaluations_per_image", Solver.HEUN.evaluations(levels - 1, SigmaGrid.SIGMA_MAX));
        m.put("encoder", encoder);
        long pairs = 2L * images;
        m.put("pairs", pairs);
        m.put("pair_order", "pair 2i is image i of the split, pair 2i+1 its horizontal mirror");
        m.put("latent_shape", new int[] {channels, resolution, resolution});
        m.put("shard_size", shardSize);
        m.put("batch", batch);
        List<Object> shards = new ArrayList<>();
        for (long first = 0; first < pairs; first += shardSize) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("file", shardFile(shards.size()));
            s.put("first", first);
            s.put("count", Math.min(shardSize, pairs - first));
            shards.add(s);
        }
        m.put("shards", shards);
        return parse(Json.write(m), "the new manifest");
    }

    /** The file name of shard {@code k}. */
    public static String shardFile(int k) {
        return String.format(Locale.ROOT, "shard-%05d.safetensors", k);
    }

    /**
     * Reads {@code dir}/manifest.json.
     *
     * @throws IllegalArgumentException naming the file when it is missing, of another format or lacks a field
     */
    public static PairManifest read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " holds no " + FILE + " (is it a folder written by ./pagoda encode?)");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    private static PairManifest parse(String text, String source) {
        try {
            JsonFields f = JsonFields.of(Json.parse(text, source), source);
            String format = f.getString("format");
            if (!FORMAT.equals(format)) {
                throw new IllegalArgumentException(source + ": format '" + format + "', expected " + FORMAT);
            }
            PairManifest m = new PairManifest(f);
            m.check();
            return m;
        } catch (JsonException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Reads every field once, so a damaged manifest fails on opening, naming the field. */
    private void check() {
        for (String field : IDENTITY) {
            value(field);
        }
        latentShape();
        grid();
        long next = 0;
        for (int k = 0; k < shards(); k++) {
            if (shardFirst(k) != next || shardCount(k) < 1 || !shardFileName(k).equals(shardFile(k))) {
                throw new IllegalArgumentException(json.source() + ": shard " + k + " (" + shardFileName(k) + ", first " + shardFirst(k)
                        + ", count " + shardCount(k) + ") does not continue the pairs at " + next);
            }
            next += shardCount(k);
        }
        if (next != pairs() || pairs() != 2L * images()) {
            throw new IllegalArgumentException(json.source() + ": the shards hold " + next + " pairs, the manifest says " + pairs()
                    + " for " + images() + " images");
        }
        if (splitImages() != 0 && splitImages() < images()) {
            throw new IllegalArgumentException(json.source() + ": data.split_images " + splitImages() + " is smaller than data.images "
                    + images());
        }
        split();
        DataSpec.parse(source());
    }

    /** Writes manifest.json into {@code dir}, atomically. */
    public void write(Path dir) throws IOException {
        Json.writeFile(dir.resolve(FILE), json.asMap());
    }

    /**
     * The identity fields in which {@code other} differs from this manifest, as {@code field: this vs other}
     * lines; empty when the shards of one are the shards of the other.
     */
    public List<String> differences(PairManifest other) {
        List<String> out = new ArrayList<>();
        for (String field : IDENTITY) {
            String a = Json.write(value(field));
            String b = Json.write(other.value(field));
            if (!a.equals(b)) {
                out.add(field + " " + shorten(a) + " vs " + shorten(b));
            }
        }
        return out;
    }

    /** SHA-256 of the identity fields: every shard carries it, tying it to this manifest. */
    public String key() {
        StringBuilder sb = new StringBuilder();
        for (String field : IDENTITY) {
            sb.append(field).append('=').append(Json.write(value(field))).append('\n');
        }
        return DataHash.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Object value(String dotted) {
        String[] parts = dotted.split("\\.");
        JsonFields f = json;
        for (int i = 0; i < parts.length - 1; i++) {
            f = f.getObject(parts[i]);
        }
        Object v = f.get(parts[parts.length - 1]);
        if (v == null) {
            throw new IllegalArgumentException(json.source() + ": field " + dotted + " is null");
        }
        return v;
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** The teacher's record: name, path, model_sha256, config. */
    public JsonFields teacher() {
        return json.getObject("teacher");
    }

    public String teacherSha256() {
        return teacher().getString("model_sha256");
    }

    /** The data source, as {@link DataSpec#parse} reads it. */
    public String source() {
        return data().getString("source");
    }

    private JsonFields data() {
        return json.getObject("data");
    }

    public Split split() {
        return Split.parse(data().getString("split"));
    }

    public int resolution() {
        return data().getInt("resolution");
    }

    public int channels() {
        return data().getInt("channels");
    }

    /** Images of the split: half the pairs. */
    public int images() {
        return data().getInt("images");
    }

    /** The split's size when only {@link #images} of it, evenly spaced, were encoded; 0 when all were. */
    public int splitImages() {
        return data().getInt("split_images", 0);
    }

    /** Class names; empty for an unlabelled source. */
    public List<String> classes() {
        return data().getStringList("classes");
    }

    /** {@link DataHash} of the split at {@link #resolution}. */
    public String dataSha256() {
        return data().getString("sha256");
    }

    /** Levels of the encoder's Karras grid. */
    public int levels() {
        return json.getObject("encoder").getInt("levels");
    }

    /** The encoder's walk, sigma_min up to sigma_max. */
    public SigmaGrid grid() {
        JsonFields e = json.getObject("encoder");
        return SigmaGrid.karrasAscending(levels(), e.getDouble("sigma_min"), e.getDouble("sigma_max"), e.getDouble("rho"));
    }

    public long pairs() {
        return json.getLong("pairs");
    }

    /** [C, R, R]. */
    public int[] latentShape() {
        int[] s = json.getIntArray("latent_shape");
        if (s.length != 3 || s[0] != channels() || s[1] != resolution() || s[2] != resolution()) {
            throw new IllegalArgumentException(json.source() + ": latent_shape " + Arrays.toString(s)
                    + " is not [channels, resolution, resolution]");
        }
        return s;
    }

    public int shardSize() {
        return json.getInt("shard_size");
    }

    public int batch() {
        return json.getInt("batch");
    }

    public int shards() {
        return json.getList("shards").size();
    }

    private JsonFields shard(int k) {
        return JsonFields.of(json.getList("shards").get(k), json.source() + " shards[" + k + "]");
    }

    public String shardFileName(int k) {
        return shard(k).getString("file");
    }

    public long shardFirst(int k) {
        return shard(k).getLong("first");
    }

    public int shardCount(int k) {
        return shard(k).getInt("count");
    }

    /** Where the manifest came from, for messages. */
    public String sourceName() {
        return json.source();
    }
}
