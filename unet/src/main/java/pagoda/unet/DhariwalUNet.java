package pagoda.unet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import pagoda.autograd.Fn;
import pagoda.autograd.Module;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.BinaryOp;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * The ADM UNet (Dhariwal and Nichol 2021) as NVlabs/edm reimplements it ({@code DhariwalUNet}), with its
 * parameter names: a mapping network (sinusoidal embedding of the noise label, two linear layers, plus a
 * linear map of the class labels and of augmentation labels), an encoder of {@link UNetBlock}s with
 * down-sampling blocks between levels, a bottleneck (block with attention, block), a decoder that
 * concatenates the encoder's outputs and up-samples, and GroupNorm, SiLU and a 3x3 conv out. The layer
 * sequence is {@link UNetPlan}'s. Initialisation is EDM's (kaiming-uniform scaled by sqrt(1/3), the last
 * conv of each block, the attention projection and the output conv zero).
 *
 * <p>With {@link UNetConfig#guidanceEmbedding()} the network also takes a guidance scale w per sample (the
 * guided one-step generator; the reference code has none, pagoda-spec.md "Where this project departs", 3):
 * w is embedded like the noise label, a sinusoidal embedding and two linear layers
 * ({@code map_guidance0}, {@code map_guidance1}), and added to the noise embedding before the class labels.
 * {@code map_guidance1} is zero-initialised, so a network loaded from a teacher without these weights
 * computes exactly the teacher's F whatever w; its weights are drawn after all others, so the others are
 * those of the same seed without the option.
 *
 * <p>Dropout and label dropout draw from the Philox stream {@code seed} given to {@link #forward}: label
 * dropout from offset 0 (one draw per sample), block {@code j} from offset {@code (j + 1) 2^40}, so every
 * mask of a pass is reproducible from the seed alone.
 */
public final class DhariwalUNet extends Module {
    /** Philox draws reserved per dropout site: more than any activation tensor holds. */
    static final long SITE_STRIDE = 1L << 40;

    /** EDM's initialisation of the network's layers, and of the layers that start at zero. */
    public static final WeightInit.Spec INIT = new WeightInit.Spec(WeightInit.Mode.KAIMING_UNIFORM, Math.sqrt(1 / 3.0), Math.sqrt(1 / 3.0));
    public static final WeightInit.Spec INIT_ZERO = new WeightInit.Spec(WeightInit.Mode.KAIMING_UNIFORM, 0, 0);

    private final UNetConfig config;
    private final UNetPlan plan;
    private final PositionalEmbedding mapNoise;
    private final Linear mapAugment;
    private final Linear mapLayer0;
    private final Linear mapLayer1;
    private final Linear mapLabel;
    private final Conv2d stem;
    private final List<UNetBlock> encoder = new ArrayList<>();
    private final List<UNetBlock> decoder = new ArrayList<>();
    private final GroupNorm outNorm;
    private final Conv2d outConv;
    private final Linear mapGuidance0;
    private final Linear mapGuidance1;

    /** A freshly initialised network on {@code backend}; the same seed gives the same weights. */
    public DhariwalUNet(UNetConfig config, Backend backend, long seed) {
        this.config = config;
        this.plan = UNetPlan.of(config);
        WeightInit init = new WeightInit(backend, seed);
        int mc = config.modelChannels();
        int emb = config.embChannels();
        UNetBlock.Options options = new UNetBlock.Options(emb, config.dropout(), 1.0, 1e-5f, new float[] {1, 1},
                false, true, INIT, INIT_ZERO, null);
        mapNoise = new PositionalEmbedding(mc, 10000, false);
        mapAugment = config.augmentDim() > 0
                ? registerModule("map_augment", new Linear(init, config.augmentDim(), mc, false, INIT_ZERO)) : null;
        mapLayer0 = registerModule("map_layer0", new Linear(init, mc, emb, true, INIT));
        mapLayer1 = registerModule("map_layer1", new Linear(init, emb, emb, true, INIT));
        mapLabel = config.labelDim() > 0
                ? registerModule("map_label", new Linear(init, config.labelDim(), emb, false,
                        new WeightInit.Spec(WeightInit.Mode.KAIMING_NORMAL, Math.sqrt(config.labelDim()), 0)))
                : null;
        ModuleList enc = registerModule("enc", new ModuleList());
        Conv2d stemConv = null;
        int site = 1;
        for (UNetPlan.Layer l : plan.encoder()) {
            if (l.stem()) {
                stemConv = enc.add(l.name(), new Conv2d(init, l.in(), l.out(), 3, true, false, false, null, false, INIT));
            } else {
                encoder.add(enc.add(l.name(), block(init, l, options, site++)));
            }
        }
        stem = stemConv;
        ModuleList dec = registerModule("dec", new ModuleList());
        for (UNetPlan.Layer l : plan.decoder()) {
            decoder.add(dec.add(l.name(), block(init, l, options, site++)));
        }
        outNorm = registerModule("out_norm", new GroupNorm(init, plan.outChannels(), 1e-5f));
        outConv = registerModule("out_conv", new Conv2d(init, plan.outChannels(), config.imgChannels(), 3, true, false,
                false, null, false, INIT_ZERO));
        mapGuidance0 = config.guidanceEmbedding() ? registerModule("map_guidance0", new Linear(init, mc, emb, true, INIT)) : null;
        mapGuidance1 = config.guidanceEmbedding() ? registerModule("map_guidance1", new Linear(init, emb, emb, true, INIT_ZERO)) : null;
    }

    private static UNetBlock block(WeightInit init, UNetPlan.Layer l, UNetBlock.Options options, int site) {
        return new UNetBlock(init, l.in(), l.out(), l.up(), l.down(), l.heads(), options, site * SITE_STRIDE);
    }

    public UNetConfig config() {
        return config;
    }

    public UNetPlan plan() {
        return plan;
    }

    /**
     * F(x; noise labels, class labels).
     *
     * @param x             [N, img_channels, R, R]
     * @param noiseLabels   [N] (c_noise of the preconditioning)
     * @param classLabels   [N, label_dim] or [1, label_dim] (broadcast); ignored when label_dim is 0
     * @param augmentLabels [N, augment_dim] or null (none)
     * @param seed          the Philox stream of this pass's dropout masks (used only in training mode)
     */
    public Var forward(Var x, double[] noiseLabels, Tensor classLabels, Tensor augmentLabels, long seed) {
        return forward(x, noiseLabels, classLabels, augmentLabels, null, seed);
    }

    /**
     * F(x; noise labels, class labels, guidance scales), as {@link #forward(Var, double[], Tensor, Tensor, long)}.
     *
     * @param guidance the guidance scale w per sample [N], or null for w = 1 (required to be null when the
     *                 network has no guidance embedding)
     */
    public Var forward(Var x, double[] noiseLabels, Tensor classLabels, Tensor augmentLabels, double[] guidance, long seed) {
        return head(trunk(x, embedding(x.value().backend(), noiseLabels, classLabels, augmentLabels, guidance, seed), seed));
    }

    /**
     * The network up to its output head: the decoder's last feature map [N, {@link UNetPlan#outChannels}, R, R],
     * where a grown generator appends its blocks.
     *
     * @param emb the mapping network's output, {@link #embedding}
     */
    public Var trunk(Var x, Var emb, long seed) {
        Deque<Var> skips = new ArrayDeque<>();
        x = stem.forward(x);
        skips.push(x);
        for (UNetBlock b : encoder) {
            x = b.forward(x, emb, seed);
            skips.push(x);
        }
        List<UNetPlan.Layer> layers = plan.decoder();
        for (int i = 0; i < decoder.size(); i++) {
            if (x.shape()[1] != layers.get(i).in()) {
                x = Fn.cat(1, x, skips.pop());
            }
            x = decoder.get(i).forward(x, emb, seed);
        }
        return x;
    }

    /** The output head, {@code out_conv(silu(out_norm(h)))}, of the trunk's feature map h. */
    public Var head(Var h) {
        return outConv.forward(Fn.silu(outNorm.forward(h)));
    }

    /**
     * The encoder's output at the end of each resolution level (after its last block), full resolution
     * first: the down path of F(x; noise labels, class labels) with the arguments of {@link #forward},
     * which a frozen copy of the network serves as a feature extractor for (PaGoDA's perceptual distance
     * and discriminator, where pretrained ImageNet backbones are not to be had).
     *
     * @return one [N, C_l, R / 2^l, R / 2^l] per level l
     */
    public List<Var> encoderLevels(Var x, double[] noiseLabels, Tensor classLabels, long seed) {
        Var emb = embedding(x.value().backend(), noiseLabels, classLabels, null, null, seed);
        List<UNetPlan.Layer> layers = plan.encoder();
        List<Var> out = new ArrayList<>();
        x = stem.forward(x);
        for (int i = 0; i < encoder.size(); i++) {
            x = encoder.get(i).forward(x, emb, seed);
            // encoder.get(i) is plan layer i + 1 (layer 0 is the stem); a level ends where the next layer changes level.
            if (i + 2 == layers.size() || layers.get(i + 2).level() != layers.get(i + 1).level()) {
                out.add(x);
            }
        }
        return out;
    }

    /**
     * The mapping network's output, silu(map_layer1(silu(map_layer0(emb(noise) + aug))) + g(w) + map_label(labels))
     * with g(w) = map_guidance1(silu(map_guidance0(emb(w)))) when the network takes a guidance scale.
     *
     * @param guidance the guidance scale w per sample [N], or null for w = 1
     */
    public Var embedding(Backend backend, double[] noiseLabels, Tensor classLabels, Tensor augmentLabels, double[] guidance,
                         long seed) {
        Var emb = Var.constant(mapNoise.embed(backend, noiseLabels));
        if (mapAugment != null && augmentLabels != null) {
            emb = Fn.add(emb, mapAugment.forward(Var.constant(augmentLabels)));
        }
        emb = Fn.silu(mapLayer0.forward(emb));
        emb = mapLayer1.forward(emb);
        if (mapGuidance0 != null) {
            emb = Fn.add(emb, guidanceEmbedding(backend, guidance, noiseLabels.length));
        } else if (guidance != null) {
            throw new IllegalArgumentException("DhariwalUNet: a guidance scale was given, but the network has no guidance "
                    + "embedding (config field guidance_embedding is false)");
        }
        if (mapLabel != null) {
            Tensor labels = classLabels;
            if (isTraining() && config.labelDropout() > 0) {
                labels = Ops.mul(labels, labelKeepMask(backend, labels.size(0), seed));
            }
            emb = Fn.add(emb, mapLabel.forward(Var.constant(labels)));
        }
        return Fn.silu(emb);
    }

    private Var guidanceEmbedding(Backend backend, double[] guidance, int n) {
        double[] w = guidance;
        if (w == null) {
            w = new double[n];
            Arrays.fill(w, 1);
        } else if (w.length != n) {
            throw new IllegalArgumentException("DhariwalUNet: " + w.length + " guidance scales for a batch of " + n);
        }
        Var g = Var.constant(mapNoise.embed(backend, w));
        return mapGuidance1.forward(Fn.silu(mapGuidance0.forward(g)));
    }

    /** [N, 1]: 1 where a sample keeps its labels (a uniform draw >= label_dropout), else 0. */
    private Tensor labelKeepMask(Backend backend, int n, long seed) {
        Tensor u = Ops.uniform(backend, seed, 0, 0f, 1f, n, 1);
        Tensor p = Tensor.scalar(backend, (float) config.labelDropout());
        return Ops.sub(Ops.full(backend, 1f, n, 1), Ops.binary(BinaryOp.GT, p, u, 0, 0));
    }
}
