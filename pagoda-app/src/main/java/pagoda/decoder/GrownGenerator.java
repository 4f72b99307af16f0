package pagoda.decoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pagoda.autograd.Module;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;
import pagoda.unet.UNetConfig;
import pagoda.unet.UNetPlan;
import pagoda.unet.WeightInit;

/**
 * PaGoDA's generator grown past the teacher's resolution (pagoda-spec.md, "Stage 3"): stage 2's
 * {@link Generator} with, per 2x growth, a {@link GrowthStage} on the feature map that enters the output head:
 * <pre>
 *   h_0 = F_trunk(cIn z),  x_0 = F_head(h_0)                  (stage 2's G, r x r)
 *   h_k = stage_k(h_{k-1}),  x_k = nearest2x(x_{k-1}) + head_k(h_k)   (2^k r x 2^k r)
 * </pre>
 * The input stays the latent at the teacher's resolution. Each stage's image is a residual on the nearest
 * up-sample of the one before (the previous output head is kept, not moved behind the new blocks): with the
 * stage's output conv at zero, the freshly grown G is exactly the nearest up-sample of the previous G, which a
 * head moved behind the new blocks would only approximate (its 3x3 conv does not commute with up-sampling).
 * Weight names: stage 2's ({@code model.dec.16x16_block2.conv1.weight}), then {@code grow32.up.conv0.weight},
 * {@code grow32.block0...}, {@code grow32.out_conv.weight}, ...
 */
public final class GrownGenerator implements TrainableGenerator {
    /** One growth: the resolution it outputs and the width of its blocks. */
    public record Stage(int resolution, int width) {
    }

    /** The root of the stages' weights. */
    private static final class Stages extends Module {
        <M extends Module> M add(String name, M child) {
            return registerModule(name, child);
        }
    }

    private final Generator base;
    private final Stages root = new Stages();
    private final List<GrowthStage> stages = new ArrayList<>();
    private final List<Stage> specs;

    /**
     * A grown generator with freshly initialised weights.
     *
     * @param teacherConfig the teacher's (stage 2's) network config
     * @param specs         the growths, each twice the resolution of the one before, the first twice the teacher's
     * @throws IllegalArgumentException naming the stage whose resolution or width does not fit
     */
    public GrownGenerator(UNetConfig teacherConfig, List<Stage> specs, Backend backend, long seed) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("GrownGenerator: no growth stages (stage 2's Generator has none)");
        }
        this.base = new Generator(teacherConfig, backend, seed);
        this.specs = List.copyOf(specs);
        UNetConfig c = base.config();
        WeightInit init = new WeightInit(backend, seed ^ 0x6A09E667F3BCC909L);
        int in = base.net().model().plan().outChannels();
        int resolution = c.imgResolution();
        for (Stage s : specs) {
            resolution *= 2;
            if (s.resolution() != resolution) {
                throw new IllegalArgumentException("growth stage " + s + ": expected resolution " + resolution
                        + " (each stage doubles the one before, from the teacher's " + c.imgResolution() + ")");
            }
            int groups = UNetConfig.groupsOf(s.width());
            if (groups < 1 || s.width() % groups != 0) {
                throw new IllegalArgumentException("growth stage " + s + ": width " + s.width()
                        + " does not split into GroupNorm's min(32, C/4) equal groups (use a multiple of 4, and of 32 above 128)");
            }
            stages.add(root.add(name(s), new GrowthStage(init, in, s.width(), c.embChannels(), c.imgChannels())));
            in = s.width();
        }
    }

    /** The name prefix of a stage's weights, {@code grow32}. */
    static String name(Stage s) {
        return "grow" + s.resolution();
    }

    /**
     * {@code previous} grown by one stage of {@code width} channels: every weight whose name and shape match is
     * {@code previous}'s (its output head and any earlier stages included), the rest freshly initialised.
     */
    public static GrownGenerator grow(TrainableGenerator previous, int width, long seed, Backend backend) {
        List<Stage> specs = new ArrayList<>(previous instanceof GrownGenerator g ? g.specs : List.of());
        specs.add(new Stage(previous.resolution() * 2, width));
        GrownGenerator grown = new GrownGenerator(baseConfig(previous), specs, backend, seed);
        grown.copyMatching(previous.stateDict());
        return grown;
    }

    private static UNetConfig baseConfig(TrainableGenerator g) {
        return g instanceof GrownGenerator grown ? grown.base.config() : ((Generator) g).config();
    }

    /** Copies each tensor of {@code source} whose name and shape are this generator's; returns their names. */
    public List<String> copyMatching(Map<String, Tensor> source) {
        Map<String, Tensor> state = stateDict();
        List<String> copied = new ArrayList<>();
        state.replaceAll((name, t) -> {
            Tensor s = source.get(name);
            if (s != null && Arrays.equals(s.shape(), t.shape())) {
                copied.add(name);
                return s.to(t.backend());
            }
            return t;
        });
        loadStateDict(state);
        return copied;
    }

    public List<Stage> stages() {
        return specs;
    }

    /** Stage 2's network config (the teacher's). */
    public UNetConfig baseConfig() {
        return base.config();
    }

    /**
     * Freezes stage 2's network up to the decoder block {@code firstTrainable}: that block, the decoder blocks
     * after it, the output head and every growth stage stay trainable.
     *
     * @return the names of the trainable weights
     * @throws IllegalArgumentException naming the block when the decoder has none of that name
     */
    public List<String> freezeTrunk(String firstTrainable) {
        List<UNetPlan.Layer> decoder = base.net().model().plan().decoder();
        int first = -1;
        for (int i = 0; i < decoder.size(); i++) {
            if (decoder.get(i).name().equals(firstTrainable)) {
                first = i;
            }
        }
        if (first < 0) {
            throw new IllegalArgumentException("decoder block '" + firstTrainable + "': not a block of the generator's decoder ("
                    + String.join(", ", decoder.stream().map(UNetPlan.Layer::name).toList()) + ")");
        }
        base.net().freeze("");
        for (int i = first; i < decoder.size(); i++) {
            base.net().unfreeze("model.dec." + decoder.get(i).name());
        }
        base.net().unfreeze("model.out_norm");
        base.net().unfreeze("model.out_conv");
        List<String> trainable = new ArrayList<>();
        parameters().forEach((name, p) -> {
            if (!p.isFrozen()) {
                trainable.add(name);
            }
        });
        return trainable;
    }

    /**
     * The reference's boundary: the last three output blocks of the teacher's second-to-last level onward
     * (ADM's {@code output_blocks}; here the last three {@code _block}s of decoder level 1), or the whole decoder
     * of a one-level network.
     */
    public static String defaultFirstTrainable(UNetConfig teacherConfig) {
        List<UNetPlan.Layer> decoder = UNetPlan.of(teacherConfig).decoder();
        List<UNetPlan.Layer> level = decoder.stream().filter(l -> l.level() == 1 && l.name().contains("_block")).toList();
        return level.isEmpty() ? decoder.getFirst().name() : level.get(Math.max(0, level.size() - 3)).name();
    }

    @Override
    public int channels() {
        return base.channels();
    }

    @Override
    public int latentResolution() {
        return base.latentResolution();
    }

    @Override
    public int resolution() {
        return specs.getLast().resolution();
    }

    @Override
    public int classes() {
        return base.classes();
    }

    @Override
    public Var forward(Var z, Tensor labels, long seed) {
        base.checkLatents("GrownGenerator", z);
        Var emb = base.embedding(z, labels, null, seed);
        Var h = base.trunk(z, emb, seed);
        Var x = base.head(h);
        for (GrowthStage s : stages) {
            h = s.features(h, emb);
            x = s.image(x, h);
        }
        return x;
    }

    @Override
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> m = new LinkedHashMap<>(base.parameters());
        m.putAll(root.namedParameters());
        return m;
    }

    @Override
    public void train(boolean on) {
        base.train(on);
        root.train(on);
    }

    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> m = new LinkedHashMap<>(base.stateDict());
        m.putAll(root.stateDict());
        return m;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = new LinkedHashMap<>();
        Map<String, Tensor> grown = new LinkedHashMap<>();
        state.forEach((name, t) -> (name.startsWith("grow") ? grown : own).put(name, t));
        base.loadStateDict(own);
        root.loadStateDict(grown, true);
    }

    @Override
    public GrownGenerator blank(Backend backend) {
        return new GrownGenerator(base.config(), specs, backend, 0);
    }

    @Override
    public String lastLayerName() {
        return name(specs.getLast()) + ".block1.conv1.weight";
    }
}
