package pagoda.eval;

import java.util.ArrayList;
import java.util.List;
import pagoda.tensor.Backend;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;

/**
 * Inception-v3 up to its 2048-d pool features, as pytorch-fid runs it for FID: images in [-1, 1] are
 * resized to 299 x 299 (bilinear, no antialiasing, as {@code F.interpolate(..., align_corners=False)}),
 * then the stem, Mixed_5b to Mixed_7c, and the mean over positions. Key names and shapes are
 * torchvision's ({@code Conv2d_1a_3x3.conv.weight}, {@code Mixed_5b.branch1x1.bn.running_var}, ...);
 * the classifier ({@code fc.*}), the auxiliary head ({@code AuxLogits.*}) and
 * {@code *.num_batches_tracked} are ignored. The weights are not shipped: the user supplies them (for
 * example pytorch-fid's FID weights converted to safetensors). FD numbers with these weights are
 * comparable with pytorch-fid's only up to the resampling of the input.
 */
public final class InceptionV3 implements FeatureNetwork {
    public static final String NAME = "inception-v3";
    public static final int INPUT_SIZE = 299;
    public static final int DIM = 2048;
    /** Inception-v3 accepts inputs down to 75 x 75; smaller images are upsampled to 299 anyway, but FID at 16 x 16 would mean little. */
    public static final int MIN_SIZE = 16;

    private final Backend backend;
    private final List<InceptionBlocks.Block> layers = new ArrayList<>();

    private InceptionV3(StateDict s, Backend b) {
        this.backend = b;
        BasicConv c1a = BasicConv.load(s, "Conv2d_1a_3x3", 3, 32, 3, 2, 0, b);
        BasicConv c2a = BasicConv.load(s, "Conv2d_2a_3x3", 32, 32, 3, 1, 0, b);
        BasicConv c2b = BasicConv.load(s, "Conv2d_2b_3x3", 32, 64, 3, 1, 1, b);
        BasicConv c3b = BasicConv.load(s, "Conv2d_3b_1x1", 64, 80, 1, 1, 0, b);
        BasicConv c4a = BasicConv.load(s, "Conv2d_4a_3x3", 80, 192, 3, 1, 0, b);
        layers.add(x -> Pooling.max(c2b.forward(c2a.forward(c1a.forward(x))), 3, 2, 0));
        layers.add(x -> Pooling.max(c4a.forward(c3b.forward(x)), 3, 2, 0));
        layers.add(InceptionBlocks.a(s, "Mixed_5b", 192, 32, b));
        layers.add(InceptionBlocks.a(s, "Mixed_5c", 256, 64, b));
        layers.add(InceptionBlocks.a(s, "Mixed_5d", 288, 64, b));
        layers.add(InceptionBlocks.b(s, "Mixed_6a", 288, b));
        layers.add(InceptionBlocks.c(s, "Mixed_6b", 768, 128, b));
        layers.add(InceptionBlocks.c(s, "Mixed_6c", 768, 160, b));
        layers.add(InceptionBlocks.c(s, "Mixed_6d", 768, 160, b));
        layers.add(InceptionBlocks.c(s, "Mixed_6e", 768, 192, b));
        layers.add(InceptionBlocks.d(s, "Mixed_7a", 768, b));
        layers.add(InceptionBlocks.e(s, "Mixed_7b", 1280, false, b));
        layers.add(InceptionBlocks.e(s, "Mixed_7c", 2048, true, b));
        s.requireAllUsed(key -> key.startsWith("fc.") || key.startsWith("AuxLogits.") || key.endsWith(".num_batches_tracked"));
    }

    /** The network with the weights of {@code state}; fails naming the first missing, mis-shaped or unexpected tensor. */
    public static InceptionV3 load(StateDict state, Backend backend) {
        return new InceptionV3(state, backend);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dim() {
        return DIM;
    }

    @Override
    public int minSize() {
        return MIN_SIZE;
    }

    @Override
    public Tensor forward(Tensor images) {
        Tensor x = FeatureExtraction.rgb(NAME, images, MIN_SIZE).to(backend);
        x = NnOps.resize(x, INPUT_SIZE, INPUT_SIZE, ResizeFilter.BILINEAR, false);
        for (InceptionBlocks.Block layer : layers) {
            x = layer.forward(x);
        }
        return Ops.mean(x, 2, 3);
    }
}
