package pagoda.decoder;

import java.util.Arrays;
import java.util.Map;
import pagoda.autograd.Fn;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;
import pagoda.unet.EDMPrecond;
import pagoda.unet.UNetConfig;
import pagoda.unet.UNetPlan;

/**
 * PaGoDA's one-step generator at the teacher's resolution (stage 2):
 * <pre>
 *   G(z, y) = F(cIn(sigmaMax) z; cNoise(sigmaMax), y),   sigmaMax = 80
 * </pre>
 * with F the teacher's network (the ADM UNet inside EDM's preconditioning, {@link EDMPrecond#model()}) and
 * EDM's cIn and cNoise (Karras et al. 2022, Table 1). Unlike the denoiser, G has no skip and no output
 * scaling: F's raw output is the image, neither squashed nor clamped (clamping is for saving and
 * evaluating only). The weights live in an {@link EDMPrecond}, so their names and file format are the
 * teacher's ({@code model.enc.16x16_block0.conv0.weight}), and G starts as a copy of the teacher.
 *
 * <p>The network's config is the teacher's with label dropout off: G is class-conditional, and dropping
 * labels serves only the teacher's classifier-free guidance. Dropout, where the teacher has it, stays.
 *
 * <p>The guided generator ({@link #guidedCopyOf}) also takes the guidance scale w: G(z, y, w), its network the
 * teacher's with {@link UNetConfig#guidanceEmbedding()} on, whose zero-initialised last layer makes the fresh
 * copy compute G(z, y) for every w; {@link GuidedDistillation} teaches it the guided teacher's samples.
 */
public final class Generator implements TrainableGenerator {
    /** EDM's sigma_max, the noise level G is always called at. */
    public static final double SIGMA = 80;

    private final EDMPrecond net;
    private final double cIn;
    private final double cNoise;

    /** A generator with freshly initialised weights (EDM's initialisation, seeded). */
    public Generator(UNetConfig teacherConfig, Backend backend, long seed) {
        this.net = new EDMPrecond(configOf(teacherConfig), backend, seed);
        EDMPrecond.Coefficients c = net.coefficients(SIGMA);
        this.cIn = c.cIn();
        this.cNoise = c.cNoise();
    }

    /** The generator's network config for a teacher's: the same, without label dropout. */
    public static UNetConfig configOf(UNetConfig teacherConfig) {
        return teacherConfig.withDropout(teacherConfig.dropout(), 0);
    }

    /** A generator initialised as a copy of {@code teacher}'s weights (PaGoDA's initialisation). */
    public static Generator copyOf(EDMPrecond teacher, Backend backend) {
        Generator g = new Generator(teacher.config(), backend, 0);
        g.net.loadStateDict(teacher.stateDict(), true);
        return g;
    }

    /**
     * The guided generator initialised from {@code teacher}: every teacher weight copied, the guidance
     * embedding freshly initialised (seeded; its last layer zero), so it starts as {@link #copyOf} for every w.
     */
    public static Generator guidedCopyOf(EDMPrecond teacher, Backend backend, long seed) {
        Generator g = new Generator(teacher.config().withGuidanceEmbedding(true), backend, seed);
        var loaded = g.net.loadStateDict(teacher.stateDict(), false);
        for (String key : loaded.missing()) {
            if (!key.startsWith("model.map_guidance")) {
                throw new IllegalArgumentException("the teacher has no weight " + key + " for the guided generator");
            }
        }
        if (!loaded.unexpected().isEmpty()) {
            throw new IllegalArgumentException("the teacher's weights " + loaded.unexpected() + " have no place in the guided generator");
        }
        return g;
    }

    /** Whether G takes a guidance scale w. */
    @Override
    public boolean guided() {
        return net.config().guidanceEmbedding();
    }

    public UNetConfig config() {
        return net.config();
    }

    /** The weights, as an {@link EDMPrecond} (so also its state dict and file format). */
    public EDMPrecond net() {
        return net;
    }

    @Override
    public int channels() {
        return net.config().imgChannels();
    }

    @Override
    public int latentResolution() {
        return net.config().imgResolution();
    }

    @Override
    public int resolution() {
        return net.config().imgResolution();
    }

    @Override
    public int classes() {
        return net.config().labelDim();
    }

    @Override
    public Map<String, Parameter> parameters() {
        return net.namedParameters();
    }

    @Override
    public void train(boolean on) {
        net.train(on);
    }

    @Override
    public Var forward(Var z, Tensor labels, long seed) {
        return forward(z, labels, null, seed);
    }

    /**
     * G(z, y, w) with a guidance scale per sample ({@link #guided} generators), as {@link #forward(Var, Tensor, long)}.
     *
     * @param guidance w per sample [N], or null for w = 1 (the only scale a generator without guidance takes)
     */
    @Override
    public Var forward(Var z, Tensor labels, double[] guidance, long seed) {
        checkLatents("Generator", z);
        return head(trunk(z, embedding(z, labels, guidance, seed), seed));
    }

    /** Throws unless z is [N, C, r, r] at the teacher's channels and resolution. */
    void checkLatents(String who, Var z) {
        UNetConfig c = net.config();
        int[] s = z.shape();
        if (s.length != 4 || s[1] != c.imgChannels() || s[2] != c.imgResolution() || s[3] != c.imgResolution()) {
            throw new IllegalArgumentException(who + ": latents of shape " + Arrays.toString(s) + ", expected [N, "
                    + c.imgChannels() + ", " + c.imgResolution() + ", " + c.imgResolution() + "]");
        }
    }

    /**
     * The noise, label and guidance embedding of a pass on latents z at sigma = 80.
     *
     * @param guidance w per sample [N], or null for w = 1 (the only scale a generator without guidance takes)
     */
    Var embedding(Var z, Tensor labels, double[] guidance, long seed) {
        UNetConfig c = net.config();
        if (guidance != null && !c.guidanceEmbedding()) {
            for (double w : guidance) {
                if (w != 1) {
                    throw new IllegalArgumentException("Generator: guidance scale " + w + " asked of a generator trained without "
                            + "guidance (it samples at w = 1 only); train one with ./pagoda train-decoder --guidance-bank");
                }
            }
            guidance = null;
        }
        double[] noise = new double[z.shape()[0]];
        Arrays.fill(noise, cNoise);
        Tensor y = null;
        if (c.labelDim() > 0) {
            y = labels != null ? labels.to(z.value().backend()) : Tensor.zeros(z.value().backend(), 1, c.labelDim());
        }
        return net.model().embedding(z.value().backend(), noise, y, null, guidance, seed);
    }

    /** F's feature map before its output head, of {@code cIn z}. */
    Var trunk(Var z, Var emb, long seed) {
        return net.model().trunk(Fn.mul(z, (float) cIn), emb, seed);
    }

    /** F's output head. */
    Var head(Var h) {
        return net.model().head(h);
    }

    @Override
    public Map<String, Tensor> stateDict() {
        return net.stateDict();
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        net.loadStateDict(state, true);
    }

    @Override
    public Generator blank(Backend backend) {
        return new Generator(net.config(), backend, 0);
    }

    /**
     * The name of the weight the adaptive GAN weight is measured on (Esser et al. 2021, VQGAN, Eq. 7): the
     * last convolution of the last output block, that is of the decoder's last block (ADM's
     * {@code output_blocks[-1]}): its {@code conv1}, or the attention's {@code proj} when it has attention.
     */
    @Override
    public String lastLayerName() {
        UNetPlan.Layer last = net.model().plan().decoder().getLast();
        return "model.dec." + last.name() + (last.heads() > 0 ? ".proj.weight" : ".conv1.weight");
    }
}
