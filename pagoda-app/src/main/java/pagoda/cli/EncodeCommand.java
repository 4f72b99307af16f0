package pagoda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.data.ImageDataset;
import pagoda.data.Split;
import pagoda.ode.Encoder;
import pagoda.pairs.DataHash;
import pagoda.pairs.PairEncoder;
import pagoda.pairs.PairFolder;
import pagoda.pairs.PairManifest;
import pagoda.teacher.Teacher;
import pagoda.tensor.Backends;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.cpu.Simd;
import pagoda.train.Progress;

/**
 * {@code pagoda encode}: the latent pairs of PaGoDA's stage 1.5 ({@link PairEncoder}): every image of a split
 * and its mirror through the teacher's encoder, into a folder of shards and a manifest; run again on the same
 * folder it resumes at the first missing shard.
 */
@Command(name = "encode", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Encodes every image of a split and its mirror to the teacher's latent at",
                "sigma = 80 (PaGoDA's encoder: Karras grid upward, Heun, denoiser clamped to",
                "[-1, 1]). Writes DIR/manifest.json and DIR/shard-NNNNN.safetensors (latents,",
                "ids, flips, labels); run again on DIR, it resumes at the first missing",
                "shard."})
final class EncodeCommand implements Callable<Integer> {
    static final int DEFAULT_BATCH = 64;
    static final int DEFAULT_SHARD_SIZE = 1024;

    @Spec
    CommandSpec spec;

    @Mixin
    TeacherOption teacher;

    @Mixin
    DataOptions data;

    @Option(names = "--split", paramLabel = "SPLIT", converter = DataCommand.SplitConverter.class,
            description = "train, test (the fixed held-out part) or all (default: ${DEFAULT-VALUE}).")
    Split split = Split.TRAIN;

    @Option(names = "--steps", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Levels of the encoder's Karras grid, N - 1 Heun steps (default: ${DEFAULT-VALUE}, as the reference).")
    int levels = Encoder.PAGODA_LEVELS;

    @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class,
            description = "Images per teacher call (default: " + DEFAULT_BATCH + ", or the folder's when resuming).")
    Integer batch;

    @Option(names = "--shard-size", paramLabel = "S", converter = Converters.PositiveInt.class,
            description = "Pairs per shard file (default: " + DEFAULT_SHARD_SIZE + ", or the folder's when resuming).")
    Integer shardSize;

    @Option(names = "--images", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Encodes only N images of the split, evenly spaced through it (default: all, or the folder's"
                    + " subset when resuming), for short runs.")
    Integer images;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The pairs folder: new, empty, or one to resume.")
    Path out;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "Threads of the CPU backend (default: all processors); the latents do not depend on it.")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        if (levels < 2) {
            throw bad("--steps " + levels + ": the grid needs at least 2 levels (1 step)");
        }
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        int t = threads != null ? threads : Backends.defaultThreads();
        try (CpuBackend backend = new CpuBackend(t)) {
            Teacher net = teacher.load(spec, backend);
            try (PairFolder folder = openFolder()) {
                PairManifest existing = Files.exists(out.resolve(PairManifest.FILE)) ? readExisting() : null;
                ImageDataset ds = data.open(spec, net.config(), split, out.resolve(ImageDataset.cacheFileName(data.source, net.config()
                        .imgResolution())), line -> err.println(name + ": " + line));
                Integer subset = images != null ? images : existing != null && existing.splitImages() > 0 ? existing.images() : null;
                int splitImages = 0;
                if (subset != null && subset < ds.size()) {
                    splitImages = ds.size();
                    ds = ds.evenlySpaced(subset);
                } else if (subset != null && subset > ds.size()) {
                    throw bad("--images " + subset + ": the " + split + " split of " + data.source + " holds " + ds.size() + " images");
                }
                PairManifest manifest = adopt(folder, PairManifest.create(net.describe(), data.source.resolve(), split, ds.resolution(),
                        ds.channels(), ds.size(), splitImages, ds.classes(), DataHash.of(ds), levels,
                        shardSize != null ? shardSize : existing != null ? existing.shardSize() : DEFAULT_SHARD_SIZE,
                        batch != null ? batch : existing != null ? existing.batch() : DEFAULT_BATCH));
                PairEncoder encoder = new PairEncoder(folder, manifest, ds, net.denoiser(), net.config().labelDim() > 0, backend);
                PairEncoder.Result r = encoder.run(new ProgressListener(err, name, manifest));
                spec.commandLine().getOut().println(new Json()
                        .put("out", out.toString())
                        .put("pairs", manifest.pairs())
                        .put("shards", r.shards())
                        .put("written", r.written())
                        .put("encoded", r.pairsEncoded())
                        .put("seconds", r.seconds())
                        .put("images_per_s", r.pairsPerSecond())
                        .put("evaluations_per_image", 2L * (levels - 1))
                        .put("batch", manifest.batch())
                        .put("threads", t)
                        .put("vector_bits", Simd.F.vectorBitSize())
                        .toString());
            }
        }
        return 0;
    }

    private PairFolder openFolder() throws IOException {
        try {
            return PairFolder.open(out);
        } catch (PairFolder.RefusedException e) {
            throw bad("--out " + out + ": " + e.getMessage());
        }
    }

    private PairManifest readExisting() throws IOException {
        try {
            return PairManifest.read(out);
        } catch (IllegalArgumentException e) {
            throw bad("--out " + out + ": " + e.getMessage() + "; use another folder, or delete this one to start over");
        }
    }

    private PairManifest adopt(PairFolder folder, PairManifest fresh) throws IOException {
        try {
            return folder.adopt(fresh);
        } catch (PairFolder.RefusedException e) {
            throw bad("--out " + out + ": " + e.getMessage());
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The progress line on stderr: a plain line per shard when stderr is not a terminal. */
    private static final class ProgressListener implements PairEncoder.Listener {
        private final PrintWriter err;
        private final String name;
        private final PairManifest manifest;
        private Progress progress;
        private long started;
        private long encoded;

        ProgressListener(PrintWriter err, String name, PairManifest manifest) {
            this.err = err;
            this.name = name;
            this.manifest = manifest;
        }

        @Override
        public void started(int shards, int present, long pairsToEncode) {
            progress = new Progress(err, Progress.stderrIsTerminal(), pairsToEncode);
            progress.message(name + ": " + manifest.pairs() + " pairs (" + manifest.images() + " images and their mirrors) in " + shards
                    + " shards; " + (present == 0 ? "starting" : present + " present, " + (shards - present) + " to encode")
                    + "; " + (2 * (manifest.levels() - 1)) + " teacher evaluations per image, batch " + manifest.batch());
            started = System.nanoTime();
        }

        @Override
        public void encoded(long pairsEncoded) {
            encoded = pairsEncoded;
            progress.images(name, encoded, rate(), false);
        }

        @Override
        public void shardWritten(int shard) {
            progress.images(name + " shard " + shard, encoded, rate(), true);
        }

        @Override
        public void message(String text) {
            if (progress != null) {
                progress.message(name + ": " + text);
            } else {
                err.println(name + ": " + text);
            }
        }

        private double rate() {
            double s = (System.nanoTime() - started) * 1e-9;
            return s > 0 ? encoded / s : 0;
        }
    }
}
