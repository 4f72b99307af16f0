package pagoda.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pagoda.tensor.Backend;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;

/**
 * {@code features-v1}: the project's own fixed feature network for the distribution metrics
 * (models/features-v1/README.md describes it for users). A random-feature convolutional network:
 * images in [-1, 1] are resized to 32 x 32 (PIL-style antialiased bicubic), then four stages of two
 * 3 x 3 convolutions, each followed by group normalisation (8 groups, no affine) and SiLU, with widths
 * 32, 64, 128, 256 at 32, 16, 8 and 4 pixels (the first convolution of stages 2-4 has stride 2), and
 * the mean over positions of each stage's output, concatenated: 480 features.
 *
 * <p>The weights are He-normal draws, {@code N(0, 2 / fan_in)}, from one Philox stream ({@link #SEED}),
 * in layer order, each layer starting where the previous one's draws end, rounded to float16 as stored.
 * No bias: group normalisation follows every convolution. Random convolutional features give stable
 * embeddings that react to blur, noise and structure; they make no claim to match human judgement, and
 * numbers are comparable only between runs with the same version.
 */
public final class FeaturesV1 implements FeatureNetwork {
    public static final String NAME = "features-v1";
    /**
     * features-v1's convolutions on the images at their own size, without the resize to 32 x 32 (which hides the
     * detail of larger images): a separate feature version, its numbers comparable only among themselves and at
     * one resolution. The global mean pooling makes the features' length independent of the size.
     */
    public static final String NATIVE_NAME = "features-v1-native";
    public static final int INPUT_SIZE = 32;
    public static final int MIN_SIZE = 16;
    public static final long SEED = 0x5EED_F1L;
    /** Where the build puts models/features-v1/features-v1.safetensors inside the jar. */
    public static final String RESOURCE = "/models/features-v1/features-v1.safetensors";
    static final int[] WIDTHS = {32, 64, 128, 256};
    static final int GROUPS = 8;
    static final float EPS = 1e-5f;

    /** One convolution: its key in the weights file, shape [K, C, 3, 3] and stride. */
    record Layer(String key, int out, int in, int stride) {
        int[] shape() {
            return new int[] {out, in, 3, 3};
        }
    }

    private final List<Layer> layers = layers();
    private final List<Tensor> weights = new ArrayList<>();
    private final Backend backend;
    private final boolean resize;

    private FeaturesV1(StateDict state, Backend backend) {
        this.backend = backend;
        this.resize = true;
        for (Layer l : layers) {
            weights.add(state.take(l.key(), l.shape()).to(backend));
        }
        state.requireAllUsed(key -> false);
    }

    private FeaturesV1(FeaturesV1 resized) {
        this.backend = resized.backend;
        this.weights.addAll(resized.weights);
        this.resize = false;
    }

    /** {@value #NATIVE_NAME}: these weights on images at their own size. */
    public FeaturesV1 atNativeSize() {
        return new FeaturesV1(this);
    }

    /** The network with the weights of {@code state}, run on {@code backend}. */
    public static FeaturesV1 load(StateDict state, Backend backend) {
        return new FeaturesV1(state, backend);
    }

    /** The network with the weights bundled in the jar (copied from models/features-v1/ by the build). */
    public static FeaturesV1 bundled(Backend backend) throws IOException {
        try (InputStream in = FeaturesV1.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the features-v1 weights (" + RESOURCE + ") are not on the class path; "
                        + "rebuild, or pass the file models/features-v1/features-v1.safetensors with --weights");
            }
            Path tmp = Files.createTempFile("features-v1", ".safetensors");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return load(StateDict.read(tmp, backend), backend);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The layers in order: stage s (1-4), convolution c (1-2), key {@code s<s>.conv<c>.weight}. */
    static List<Layer> layers() {
        List<Layer> out = new ArrayList<>();
        int in = 3;
        for (int s = 0; s < WIDTHS.length; s++) {
            out.add(new Layer("s" + (s + 1) + ".conv1.weight", WIDTHS[s], in, s == 0 ? 1 : 2));
            out.add(new Layer("s" + (s + 1) + ".conv2.weight", WIDTHS[s], WIDTHS[s], 1));
            in = WIDTHS[s];
        }
        return out;
    }

    /**
     * The weights as the seeded scheme defines them, in float32 (the file holds them rounded to float16):
     * layer l takes draws [o_l, o_l + numel) of Philox stream {@link #SEED}, o_l the sum of the earlier
     * layers' sizes, scaled to standard deviation sqrt(2 / (C * 9)).
     */
    public static Map<String, Tensor> seededWeights(Backend backend) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        long offset = 0;
        for (Layer l : layers()) {
            float std = (float) Math.sqrt(2.0 / (l.in() * 9));
            Tensor w = Ops.normal(backend, SEED, offset, 0f, std, l.shape());
            out.put(l.key(), w);
            offset += w.numel();
        }
        return out;
    }

    @Override
    public String name() {
        return resize ? NAME : NATIVE_NAME;
    }

    @Override
    public int dim() {
        int d = 0;
        for (int w : WIDTHS) {
            d += w;
        }
        return d;
    }

    @Override
    public int minSize() {
        return MIN_SIZE;
    }

    @Override
    public Tensor forward(Tensor images) {
        Tensor x = FeatureExtraction.rgb(NAME, images, MIN_SIZE).to(backend);
        if (resize) {
            x = NnOps.resize(x, INPUT_SIZE, INPUT_SIZE, ResizeFilter.BICUBIC, true);
        }
        Tensor[] pooled = new Tensor[WIDTHS.length];
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            x = NnOps.conv2d(x, weights.get(i), null, Conv2dSpec.of(l.stride(), 1));
            x = Ops.silu(NnOps.groupNorm(x, null, null, GROUPS, EPS).out());
            if (i % 2 == 1) {
                pooled[i / 2] = Ops.mean(x, 2, 3);
            }
        }
        return Ops.cat(1, pooled);
    }
}
