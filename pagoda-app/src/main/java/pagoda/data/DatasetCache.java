package pagoda.data;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import pagoda.tensor.DType;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.SafeTensors;
import pagoda.tensor.io.SafeTensorsWriter;
import pagoda.tensor.io.TensorInfo;

/**
 * Decoded data sets cached as safetensors files, so that a run decodes its source once:
 * {@code images} U8 [N, C, R, R], {@code ids} I64 [N], {@code labels} I32 [N] (-1: unlabelled),
 * {@code split} U8 [N] (1: held out), and in the metadata the format, the key, the source, the classes and
 * the skipped and dropped items. The key hashes the source's fingerprint ({@link DataSpec#fingerprint}),
 * the resolution and this format's version; a file with another key, or one that does not parse, is
 * rebuilt, never trusted. Files are written atomically.
 */
final class DatasetCache {
    /** Bumped whenever the decoded pixels of an unchanged source could change (pipeline, rules, layout). */
    static final String FORMAT = "pagoda.data/1";

    private DatasetCache() {
    }

    static String key(String fingerprint, int resolution) {
        var md = DataSpec.sha256();
        md.update((FORMAT + "\n" + fingerprint + "\nresolution " + resolution + "\npipeline box-halving, PIL bicubic, centre crop\n")
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    static void write(Path file, DecodedSet set, String key) throws IOException {
        int n = set.size();
        int r = set.resolution();
        long[] labels = Arrays.stream(set.labels()).asLongStream().toArray();
        long[] split = new long[n];
        for (int i = 0; i < n; i++) {
            split[i] = set.test()[i] ? 1 : 0;
        }
        List<List<String>> skipped = set.skipped().stream().map(s -> List.of(s.item(), s.reason())).toList();
        List<List<String>> dropped = set.dropped().stream().map(d -> List.of(d.item(), d.rule(), d.detail())).toList();
        new SafeTensorsWriter()
                .metadata("format", FORMAT)
                .metadata("key", key)
                .metadata("kind", set.kind())
                .metadata("location", set.location())
                .metadata("resolution", Integer.toString(r))
                .metadata("classes", Json.write(set.classes()))
                .metadata("skipped", Json.write(skipped))
                .metadata("dropped", Json.write(dropped))
                .putU8("images", set.pixels(), n, set.channels(), r, r)
                .put("ids", set.ids(), DType.I64, n)
                .put("labels", labels, DType.I32, n)
                .put("split", split, DType.U8, n)
                .write(file);
    }

    /** The cached set when {@code file} exists, parses and carries {@code key}; otherwise null, with the reason logged. */
    static DecodedSet read(Path file, String key, DataLog log) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try (SafeTensors st = SafeTensors.open(file)) {
            Map<String, String> meta = st.metadata();
            if (!FORMAT.equals(meta.get("format")) || !key.equals(meta.get("key"))) {
                log.line("cache " + file + " was made from another source, resolution or format; rebuilding it");
                return null;
            }
            return load(st, meta);
        } catch (IllegalArgumentException e) {
            log.line("cache " + file + " is unreadable (" + e.getMessage() + "); rebuilding it");
            return null;
        }
    }

    private static DecodedSet load(SafeTensors st, Map<String, String> meta) {
        TensorInfo images = st.info("images");
        int[] s = images.shape();
        if (images.dtype() != DType.U8 || s.length != 4 || s[2] != s[3]) {
            throw new IllegalArgumentException("tensor 'images' is " + images.dtype() + " " + Arrays.toString(s) + ", expected U8 [N, C, R, R]");
        }
        int n = s[0];
        long[] ids = st.readLongs("ids");
        long[] labels = st.readLongs("labels");
        long[] split = st.readLongs("split");
        if (ids.length != n || labels.length != n || split.length != n) {
            throw new IllegalArgumentException("ids, labels and split must hold " + n + " entries, one per image");
        }
        int[] lab = new int[n];
        boolean[] test = new boolean[n];
        for (int i = 0; i < n; i++) {
            lab[i] = (int) labels[i];
            test[i] = split[i] != 0;
        }
        byte[] pixels = st.bytes("images").toArray(ValueLayout.JAVA_BYTE);
        List<SourceItem.Skipped> skipped = new ArrayList<>();
        for (List<String> e : stringRows(meta.get("skipped"), "skipped", 2)) {
            skipped.add(new SourceItem.Skipped(e.get(0), e.get(1)));
        }
        List<SourceItem.Dropped> dropped = new ArrayList<>();
        for (List<String> e : stringRows(meta.get("dropped"), "dropped", 3)) {
            dropped.add(new SourceItem.Dropped(e.get(0), e.get(1), e.get(2)));
        }
        List<String> classes = stringList(meta.get("classes"), "classes");
        return new DecodedSet(meta.get("kind"), meta.get("location"), s[2], s[1], classes, ids, lab, test, pixels, List.copyOf(skipped),
                List.copyOf(dropped));
    }

    private static List<String> stringList(String json, String field) {
        return strings(parse(json, field), field);
    }

    private static List<List<String>> stringRows(String json, String field, int width) {
        List<List<String>> out = new ArrayList<>();
        for (Object row : parse(json, field)) {
            List<String> strings = strings(row, field);
            if (strings.size() != width) {
                throw new IllegalArgumentException("metadata '" + field + "' rows need " + width + " strings, got " + strings);
            }
            out.add(strings);
        }
        return out;
    }

    private static List<?> parse(String json, String field) {
        if (json == null || !(Json.parse(json, "metadata " + field) instanceof List<?> list)) {
            throw new IllegalArgumentException("metadata '" + field + "' is missing or not a JSON list");
        }
        return list;
    }

    private static List<String> strings(Object value, String field) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("metadata '" + field + "' holds " + value + " where a list of strings belongs");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String str)) {
                throw new IllegalArgumentException("metadata '" + field + "' holds a non-string: " + o);
            }
            out.add(str);
        }
        return out;
    }
}
