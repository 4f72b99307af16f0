package pagoda.pairs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import pagoda.tensor.DType;
import pagoda.tensor.io.SafeTensors;
import pagoda.tensor.io.SafeTensorsException;
import pagoda.tensor.io.SafeTensorsWriter;
import pagoda.tensor.io.TensorInfo;

/**
 * One shard of a pairs folder, a safetensors file: {@code latents} F32 [n, C, R, R] (the encoder's output
 * at sigma_max), {@code ids} I64 [n] (the image ids of the data set), {@code flips} U8 [n] (1: the image was
 * mirrored before encoding) and, for a labelled source, {@code labels} I32 [n]. Its metadata ties it to its
 * manifest ({@link PairManifest#key}) and its place there (shard index, first pair).
 */
final class PairShard {
    static final String LATENTS = "latents";
    static final String IDS = "ids";
    static final String FLIPS = "flips";
    static final String LABELS = "labels";

    /** What one shard holds; {@code labels} is null for an unlabelled source. */
    record Contents(float[] latents, long[] ids, boolean[] flips, int[] labels) {
    }

    private PairShard() {
    }

    static Path file(Path dir, PairManifest m, int k) {
        return dir.resolve(m.shardFileName(k));
    }

    /** Writes shard {@code k} of {@code m} into {@code dir}, atomically. */
    static void write(Path dir, PairManifest m, int k, Contents c) throws IOException {
        int n = m.shardCount(k);
        int[] s = m.latentShape();
        long[] flips = new long[n];
        for (int i = 0; i < n; i++) {
            flips[i] = c.flips()[i] ? 1 : 0;
        }
        SafeTensorsWriter w = new SafeTensorsWriter()
                .metadata("format", PairManifest.FORMAT)
                .metadata("manifest", m.key())
                .metadata("shard", Integer.toString(k))
                .metadata("first", Long.toString(m.shardFirst(k)))
                .put(LATENTS, c.latents(), DType.F32, n, s[0], s[1], s[2])
                .put(IDS, c.ids(), DType.I64, n)
                .put(FLIPS, flips, DType.U8, n);
        if (c.labels() != null) {
            w.put(LABELS, Arrays.stream(c.labels()).asLongStream().toArray(), DType.I32, n);
        }
        w.write(file(dir, m, k));
    }

    /** Why shard {@code k} of {@code dir} is not the shard {@code m} describes, or null when it is. */
    static String problem(Path dir, PairManifest m, int k) throws IOException {
        Path f = file(dir, m, k);
        if (!Files.isRegularFile(f)) {
            return f + " is missing";
        }
        try (SafeTensors st = SafeTensors.open(f)) {
            return problem(st, m, k);
        } catch (SafeTensorsException e) {
            return e.getMessage();
        }
    }

    private static String problem(SafeTensors st, PairManifest m, int k) {
        Map<String, String> meta = st.metadata();
        if (!m.key().equals(meta.get("manifest")) || !Integer.toString(k).equals(meta.get("shard"))
                || !Long.toString(m.shardFirst(k)).equals(meta.get("first"))) {
            return st.file() + " belongs to another manifest or place (shard " + meta.get("shard") + ", first " + meta.get("first") + ")";
        }
        int n = m.shardCount(k);
        int[] s = m.latentShape();
        boolean labelled = !m.classes().isEmpty();
        String bad = expect(st, LATENTS, DType.F32, n, s[0], s[1], s[2]);
        bad = bad != null ? bad : expect(st, IDS, DType.I64, n);
        bad = bad != null ? bad : expect(st, FLIPS, DType.U8, n);
        bad = bad != null || !labelled ? bad : expect(st, LABELS, DType.I32, n);
        if (bad == null && !labelled && st.contains(LABELS)) {
            bad = st.file() + " holds labels, but the manifest's source is unlabelled";
        }
        return bad;
    }

    private static String expect(SafeTensors st, String name, DType dtype, int... shape) {
        if (!st.contains(name)) {
            return st.file() + " holds no tensor '" + name + "'";
        }
        TensorInfo info = st.info(name);
        if (info.dtype() != dtype || !Arrays.equals(info.shape(), shape)) {
            return st.file() + ": tensor '" + name + "' is " + info.dtype().safetensorsName() + Arrays.toString(info.shape())
                    + ", expected " + dtype.safetensorsName() + Arrays.toString(shape);
        }
        return null;
    }

    /**
     * Reads shard {@code k} of {@code dir}.
     *
     * @throws IllegalArgumentException naming the file when it is missing or not the shard the manifest describes
     */
    static Contents read(Path dir, PairManifest m, int k) throws IOException {
        Path f = file(dir, m, k);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(f + " is missing: the encode of " + dir + " did not finish (run it again to resume)");
        }
        try (SafeTensors st = SafeTensors.open(f)) {
            String bad = problem(st, m, k);
            if (bad != null) {
                throw new IllegalArgumentException(bad);
            }
            long[] flipBytes = st.readLongs(FLIPS);
            boolean[] flips = new boolean[flipBytes.length];
            for (int i = 0; i < flips.length; i++) {
                flips[i] = flipBytes[i] != 0;
            }
            int[] labels = st.contains(LABELS) ? Arrays.stream(st.readLongs(LABELS)).mapToInt(v -> (int) v).toArray() : null;
            return new Contents(st.readFloats(LATENTS), st.readLongs(IDS), flips, labels);
        }
    }
}
