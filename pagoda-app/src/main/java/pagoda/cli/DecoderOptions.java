package pagoda.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pagoda.decoder.DecoderConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The training options {@code train-decoder} and {@code grow} share (one decoder trainer runs both), and which of
 * them a resumed run may change: how long it runs and what it writes, not what it computes.
 */
final class DecoderOptions {
    @Option(names = "--duration", paramLabel = "IMAGES", converter = Converters.Images.class,
            description = "Pairs to train on in total (generator steps x batch), e.g. 20k (default: 200k).")
    Long duration;

    @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class,
            description = "Pairs per generator step and real images per discriminator step (default: 32).")
    Integer batch;

    @Option(names = "--lr-g", paramLabel = "LR", converter = Converters.PositiveNumber.class,
            description = "RAdam's learning rate of G (default: 5e-4).")
    Double lrG;

    @Option(names = "--lr-d", paramLabel = "LR", converter = Converters.PositiveNumber.class,
            description = "RAdam's learning rate of the discriminator (default: 2e-3).")
    Double lrD;

    @Option(names = "--ema-decay", paramLabel = "B", converter = Converters.Probability.class,
            description = "Decay of G's EMA per step (default: 0.999).")
    Double emaDecay;

    @Option(names = "--gan-weight", paramLabel = "W", converter = Converters.NonNegativeNumber.class,
            description = "w_D in L = L_rec + w_D lambda L_G (default: 0.2).")
    Double ganWeight;

    @Option(names = "--no-gan", description = "Ablation: reconstruction loss only, no discriminator.")
    boolean noGan;

    @Option(names = "--pixel-loss", description = "Ablation: pixel L2 instead of the perceptual distance.")
    boolean pixelLoss;

    @Option(names = "--no-augment-rec", description = "Ablation: no DiffAugment inside the reconstruction loss.")
    boolean noAugmentRec;

    @Option(names = "--feature-sigma", paramLabel = "S", converter = Converters.PositiveNumber.class,
            description = "Noise level at which the teacher's encoder serves as the feature network (default: 0.2).")
    Double featureSigma;

    @Option(names = "--disc-width", paramLabel = "C", converter = Converters.PositiveInt.class,
            description = "Channels of the discriminator heads (default: 64).")
    Integer discWidth;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every random draw (default: 0).")
    Long seed;

    @Option(names = "--checkpoint-every", paramLabel = "IMAGES", converter = Converters.PositiveImages.class,
            description = "Images between checkpoints (default: 5k).")
    Long checkpointEvery;

    @Option(names = "--log-every", paramLabel = "IMAGES", converter = Converters.PositiveImages.class,
            description = "Images between log lines (default: 512).")
    Long logEvery;

    @Option(names = "--grid-every", paramLabel = "IMAGES", converter = Converters.Images.class,
            description = "Images between reconstruction and sample grids; 0: none (default: 10k).")
    Long gridEvery;

    @Option(names = "--grid-size", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Grids of N x N images (default: 8).")
    Integer gridSize;

    @Option(names = "--max-minutes", paramLabel = "M", converter = Converters.PositiveNumber.class,
            description = "Stops (with a checkpoint) after M minutes of this session; --resume continues.")
    Double maxMinutes;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "Threads of the CPU backend (default: all processors); results do not depend on it.")
    Integer threads;

    @Option(names = "--view", paramLabel = "V", converter = Converters.NonNegativeInt.class,
            description = "Side at which the perceptual features and the discriminator see larger images: the image "
                    + "box-down-sampled to V and a V x V crop at full resolution; 0: the whole image (default: 0).")
    Integer view;

    @Option(names = "--separate-gan-step", description = "Separate generator updates for reconstruction and GAN (lambda = 1), "
            + "the reference's schedule of its later growths, instead of one combined update.")
    boolean separateGanStep;

    /** Options that change what a run computes. */
    private static final List<String> FIXED_ON_RESUME = List.of("--batch", "--lr-g", "--lr-d", "--ema-decay", "--gan-weight",
            "--no-gan", "--pixel-loss", "--no-augment-rec", "--feature-sigma", "--disc-width", "--seed", "--view",
            "--separate-gan-step");

    /** The options of a new run that were given, by their decoder.json names. */
    Map<String, Object> overrides() {
        Map<String, Object> o = new LinkedHashMap<>();
        putIf(o, "batch", batch == null ? null : (long) batch);
        putIf(o, "lr_g", lrG);
        putIf(o, "lr_d", lrD);
        putIf(o, "ema_decay", emaDecay);
        putIf(o, "gan_weight", ganWeight);
        putIf(o, "gan", noGan ? false : null);
        putIf(o, "reconstruction", pixelLoss ? DecoderConfig.PIXEL : null);
        putIf(o, "augment_reconstruction", noAugmentRec ? false : null);
        putIf(o, "feature_sigma", featureSigma);
        putIf(o, "discriminator_width", discWidth == null ? null : (long) discWidth);
        putIf(o, "seed", seed);
        putIf(o, "view", view == null ? null : (long) view);
        putIf(o, "separate_gan_step", separateGanStep ? true : null);
        o.putAll(resumableOverrides());
        return o;
    }

    /** The options a resumed run may change. */
    Map<String, Object> resumableOverrides() {
        Map<String, Object> o = new LinkedHashMap<>();
        putIf(o, "duration", duration);
        putIf(o, "checkpoint_every", checkpointEvery);
        putIf(o, "log_every", logEvery);
        putIf(o, "grid_every", gridEvery);
        putIf(o, "grid_size", gridSize == null ? null : (long) gridSize);
        return o;
    }

    /** The options given that a resumed run cannot take. */
    static List<String> fixedOnResume(ParseResult parsed) {
        List<String> fixed = new ArrayList<>();
        for (String option : FIXED_ON_RESUME) {
            if (parsed.hasMatchedOption(option)) {
                fixed.add(option);
            }
        }
        return fixed;
    }

    static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
