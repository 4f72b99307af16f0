package pagoda.pairs;

import java.io.IOException;
import java.nio.file.Files;
import pagoda.data.ImageDataset;
import pagoda.ode.Denoiser;
import pagoda.ode.Encoder;
import pagoda.ode.Solver;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * Fills a pairs folder ({@link PairFolder}, {@link PairManifest}): every shard the folder lacks is encoded
 * and written atomically, in order, so a killed run resumes at its first missing shard. A shard is encoded
 * in batches of the manifest's size from its first pair, the image of pair p being image p / 2 of the split,
 * mirrored when p is odd, through PaGoDA's encoder on the manifest's grid ({@link Encoder}: Heun, clamped
 * denoiser); its bytes therefore depend on the manifest alone, not on where an earlier run stopped.
 */
public final class PairEncoder {
    /** What the encoder reports as it goes. */
    public interface Listener {
        /** Before the first batch: shards in all, how many are already there, pairs left to encode. */
        void started(int shards, int present, long pairsToEncode);

        /** After each batch: pairs encoded so far in this run. */
        void encoded(long pairsEncoded);

        /** After a shard is written. */
        void shardWritten(int shard);

        /** A remark (a shard that had to be redone). */
        void message(String text);
    }

    /** What a run did: shards in all, shards written now, pairs encoded now, seconds spent encoding. */
    public record Result(int shards, int written, long pairsEncoded, double seconds) {
        public double pairsPerSecond() {
            return seconds > 0 ? pairsEncoded / seconds : 0;
        }
    }

    private final PairFolder folder;
    private final PairManifest manifest;
    private final ImageDataset data;
    private final Encoder encoder;
    private final boolean conditional;
    private final Backend backend;

    /**
     * @param teacher     the teacher the manifest names (its denoiser)
     * @param conditional whether the teacher takes class labels (then the data set must be labelled)
     */
    public PairEncoder(PairFolder folder, PairManifest manifest, ImageDataset data, Denoiser teacher, boolean conditional,
            Backend backend) {
        if (data.size() != manifest.images() || data.resolution() != manifest.resolution() || data.channels() != manifest.channels()) {
            throw new IllegalArgumentException("the data set (" + data.size() + " images, " + data.channels() + "x" + data.resolution()
                    + "x" + data.resolution() + ") is not the one of " + manifest.sourceName());
        }
        if (conditional && !data.labelled()) {
            throw new IllegalArgumentException("a class-conditional teacher needs labelled data");
        }
        this.folder = folder;
        this.manifest = manifest;
        this.data = data;
        this.encoder = new Encoder(teacher, manifest.grid(), Solver.HEUN, true);
        this.conditional = conditional;
        this.backend = backend;
    }

    public Result run(Listener listener) throws IOException {
        int shards = manifest.shards();
        boolean[] present = new boolean[shards];
        int presentCount = 0;
        long toEncode = 0;
        for (int k = 0; k < shards; k++) {
            String problem = PairShard.problem(folder.dir(), manifest, k);
            present[k] = problem == null;
            if (present[k]) {
                presentCount++;
            } else {
                toEncode += manifest.shardCount(k);
                if (Files.exists(PairShard.file(folder.dir(), manifest, k))) {
                    listener.message("redoing shard " + k + ": " + problem);
                }
            }
        }
        listener.started(shards, presentCount, toEncode);
        long t0 = System.nanoTime();
        long encoded = 0;
        int written = 0;
        for (int k = 0; k < shards; k++) {
            if (present[k]) {
                continue;
            }
            encoded = encodeShard(k, encoded, listener);
            written++;
            listener.shardWritten(k);
        }
        return new Result(shards, written, encoded, (System.nanoTime() - t0) * 1e-9);
    }

    private long encodeShard(int k, long encodedBefore, Listener listener) throws IOException {
        int n = manifest.shardCount(k);
        long first = manifest.shardFirst(k);
        int per = manifest.channels() * manifest.resolution() * manifest.resolution();
        float[] latents = new float[n * per];
        long[] ids = new long[n];
        boolean[] flips = new boolean[n];
        int[] labels = data.labelled() ? new int[n] : null;
        long encoded = encodedBefore;
        for (int from = 0; from < n; from += manifest.batch()) {
            int b = Math.min(manifest.batch(), n - from);
            int[] index = new int[b];
            boolean[] flip = new boolean[b];
            for (int i = 0; i < b; i++) {
                long pair = first + from + i;
                index[i] = (int) (pair / 2);
                flip[i] = pair % 2 == 1;
                ids[from + i] = data.id(index[i]);
                flips[from + i] = flip[i];
                if (labels != null) {
                    labels[from + i] = data.label(index[i]);
                }
            }
            Tensor images = data.batch(backend, index, flip);
            Tensor z = encoder.encode(images, conditional ? data.oneHot(backend, index) : null);
            System.arraycopy(z.toFloatArray(), 0, latents, from * per, b * per);
            encoded += b;
            listener.encoded(encoded);
        }
        PairShard.write(folder.dir(), manifest, k, new PairShard.Contents(latents, ids, flips, labels));
        return encoded;
    }
}
