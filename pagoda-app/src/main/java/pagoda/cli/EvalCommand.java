package pagoda.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.eval.FeatureExtraction;
import pagoda.eval.FeatureNetwork;
import pagoda.eval.Features;
import pagoda.eval.FeaturesV1;
import pagoda.eval.FrechetDistance;
import pagoda.eval.ImageSet;
import pagoda.eval.ImageSets;
import pagoda.eval.InceptionV3;
import pagoda.eval.KernelInceptionDistance;
import pagoda.eval.PrecisionRecall;
import pagoda.data.DataLog;
import pagoda.data.Split;
import pagoda.eval.StateDict;
import pagoda.tensor.Backends;
import pagoda.tensor.cpu.CpuBackend;

/**
 * {@code pagoda eval}: Frechet distance, KID and precision/recall between a sample set and real images,
 * on the features of a fixed network; one JSON line. {@code pagoda eval recon}: PSNR and SSIM.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Compares samples with real images: Frechet distance (fd), KID (kid) and precision/recall with k = 3 (pr)",
                "on the features of features-v1 (bundled) or Inception-v3 (your weights); prints one JSON line.",
                "Both sets are brought to RxR (antialiased bicubic) before the features. Sample files are safetensors",
                "with a tensor 'images' [N, C, H, W] in [-1, 1]."},
        subcommands = {EvalRecon.class})
final class EvalCommand implements Callable<Integer> {
    private static final Set<String> METRICS = Set.of("fd", "kid", "pr");

    @Spec
    CommandSpec spec;

    // Not picocli-required: picocli would then demand them before the subcommand recon as well.
    @Option(names = "--samples", paramLabel = "S", description = "Samples (required): a .safetensors file or a folder of PNGs.")
    String samples;

    @Option(names = "--real", paramLabel = "R",
            description = {"Real images (required): a data source as './pagoda data' reads it (emoji, fmnist, emoji:FONT, fmnist:DIR,",
                    "a folder of images with class sub-folders), brought to RxR by the training pipeline; or a .safetensors file."})
    String real;

    @Option(names = "--split", paramLabel = "SPLIT", description = "Split of a data source: test (held out), train or all "
            + "(default: ${DEFAULT-VALUE}).")
    String split = "test";

    @Option(names = "--resolution", paramLabel = "R", converter = Converters.PositiveInt.class,
            description = "Side both sets are resized to (default: the samples' side; at least the network's minimum, 16).")
    Integer resolution;

    @Option(names = "--cache", paramLabel = "FILE", description = "Cache of the decoded real images of a data source, as "
            + "'./pagoda data --cache' keeps it (rebuilt when the source or resolution differs).")
    Path cache;

    @Option(names = "--features", paramLabel = "NET", description = "Feature network: features-v1, features-v1-native (its convolutions at the images' own size, "
            + "no resize to 32) or inception (default: ${DEFAULT-VALUE}).")
    String features = FeaturesV1.NAME;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "Weights (safetensors) of the feature network: required for inception (torchvision key names); "
                    + "for features-v1 the bundled file is the default.")
    Path weights;

    @Option(names = "--metrics", paramLabel = "LIST", split = ",", description = "Any of fd, kid, pr (default: fd,kid,pr).")
    List<String> metrics = List.of("fd", "kid", "pr");

    @Option(names = "--n", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Use at most N images of each set, evenly spaced through it (default: all).")
    Integer n;

    @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class,
            description = "Images per forward pass of the feature network (default: ${DEFAULT-VALUE}).")
    int batch = 100;

    @Option(names = "--kid-subsets", paramLabel = "K", converter = Converters.PositiveInt.class,
            description = "KID: number of random subsets (default: ${DEFAULT-VALUE}).")
    int kidSubsets = KernelInceptionDistance.DEFAULT_SUBSETS;

    @Option(names = "--kid-subset-size", paramLabel = "M", converter = Converters.PositiveInt.class,
            description = "KID: vectors per subset, capped by the smaller set (default: ${DEFAULT-VALUE}).")
    int kidSubsetSize = KernelInceptionDistance.DEFAULT_SUBSET_SIZE;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the KID subsets (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "Threads of the CPU backend (default: all processors, or -Dpagoda.threads).")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        Set<String> wanted = checkMetrics();
        checkSource("--samples", samples, ImageSets.recognisesSamples(samples == null ? "" : samples));
        checkSource("--real", real, ImageSets.recognisesReal(real == null ? "" : real));
        Split dataSplit = split();
        try (CpuBackend backend = new CpuBackend(threads != null ? threads : Backends.defaultThreads());
             ImageSet s = ImageSets.openSamples(samples)) {
            FeatureNetwork net = network(backend);
            int side = side(s, net);
            // The data set's own dropped and skipped items are its fixed properties ('./pagoda data' lists them), not news.
            try (ImageSet r = ImageSets.openReal(real, side, dataSplit, cache, DataLog.NONE)) {
                evaluate(s, r, net, side, wanted, backend, start);
            }
        }
        return 0;
    }

    private void evaluate(ImageSet s, ImageSet r, FeatureNetwork net, int side, Set<String> wanted, CpuBackend backend, long start)
            throws IOException {
        int ns = n == null ? s.size() : Math.min(n, s.size());
        int nr = n == null ? r.size() : Math.min(n, r.size());
        Features fs = FeatureExtraction.extract(net, s, ns, side, batch, backend);
        Features fr = FeatureExtraction.extract(net, r, nr, side, batch, backend);
        Json json = new Json().put("features", net.name()).put("samples", s.describe()).put("real", r.describe())
                .put("resolution", side).put("n_samples", ns).put("n_real", nr);
        if (wanted.contains("fd")) {
            json.put("fd", FrechetDistance.of(fs.stats(), fr.stats()));
        }
        if (wanted.contains("kid")) {
            KernelInceptionDistance.Result kid = KernelInceptionDistance.of(fs, fr, kidSubsets, kidSubsetSize, seed, backend);
            json.put("kid", kid.mean()).put("kid_std", kid.std()).put("kid_subsets", kid.subsets())
                    .put("kid_subset_size", kid.subsetSize());
        }
        if (wanted.contains("pr")) {
            PrecisionRecall.Result pr = PrecisionRecall.of(fr, fs, PrecisionRecall.DEFAULT_K, backend);
            json.put("precision", pr.precision()).put("recall", pr.recall()).put("k", pr.k());
        }
        json.put("seconds", (System.nanoTime() - start) / 1e9);
        spec.commandLine().getOut().println(json);
    }

    private Split split() {
        try {
            return Split.parse(split);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--split: " + e.getMessage());
        }
    }

    private Set<String> checkMetrics() {
        Set<String> out = new LinkedHashSet<>();
        for (String m : metrics) {
            String key = m.trim().toLowerCase(Locale.ROOT);
            if (!METRICS.contains(key)) {
                throw new ParameterException(spec.commandLine(), "--metrics: unknown metric '" + m + "', expected fd, kid or pr");
            }
            out.add(key);
        }
        return out;
    }

    private void checkSource(String option, String value, boolean recognised) {
        if (value == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '" + option + "'");
        }
        if (!recognised) {
            throw new ParameterException(spec.commandLine(), option + ": '" + value + "' does not exist"
                    + (option.equals("--real") ? " and is not a data source (emoji, fmnist)" : ""));
        }
    }

    private FeatureNetwork network(CpuBackend backend) throws IOException {
        switch (features) {
            case FeaturesV1.NAME -> {
                return weights == null ? FeaturesV1.bundled(backend) : FeaturesV1.load(StateDict.read(weights, backend), backend);
            }
            case FeaturesV1.NATIVE_NAME -> {
                FeaturesV1 v1 = weights == null ? FeaturesV1.bundled(backend) : FeaturesV1.load(StateDict.read(weights, backend), backend);
                return v1.atNativeSize();
            }
            case "inception", InceptionV3.NAME -> {
                if (weights == null) {
                    throw new ParameterException(spec.commandLine(), "--features inception needs --weights FILE.safetensors "
                            + "(Inception-v3 weights with torchvision's key names; none are bundled)");
                }
                return InceptionV3.load(StateDict.read(weights, backend), backend);
            }
            default -> throw new ParameterException(spec.commandLine(), "--features: unknown network '" + features
                    + "', expected " + FeaturesV1.NAME + ", " + FeaturesV1.NATIVE_NAME + " or inception");
        }
    }

    private int side(ImageSet s, FeatureNetwork net) {
        int side;
        if (resolution != null) {
            side = resolution;
        } else if (s.height() == s.width()) {
            side = s.height();
        } else {
            throw new ParameterException(spec.commandLine(), "the samples are " + s.width() + "x" + s.height()
                    + ", not square: give --resolution");
        }
        if (side < net.minSize()) {
            throw new ParameterException(spec.commandLine(), (resolution != null ? "--resolution " : "the samples' side ") + side
                    + " is below the minimum of " + net.name() + " (" + net.minSize() + ")");
        }
        return side;
    }
}
