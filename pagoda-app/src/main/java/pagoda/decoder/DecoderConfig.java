package pagoda.decoder;

import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.tensor.io.JsonException;
import pagoda.tensor.io.JsonFields;
import pagoda.train.ImageCount;

/**
 * The training options of a decoder run, as {@code RUN/decoder.json} holds them. Lengths are in images
 * (generator steps times the batch).
 *
 * @param teacher the teacher the run was started from (a folder, file or bundled name), kept for resuming
 * @param pairs the pairs folder ({@code ./pagoda encode}), kept for resuming
 * @param batch pairs per generator step, and real images per discriminator step
 * @param duration images (pairs) to train on in total
 * @param lrGenerator RAdam's learning rate of G
 * @param lrDiscriminator RAdam's learning rate of D
 * @param emaDecay the decay of G's EMA per step
 * @param ganWeight w_D in {@code L = L_rec + w_D lambda L_G}
 * @param gan false: the ablation without the adversarial term (no discriminator)
 * @param reconstruction {@code perceptual} or {@code pixel} (the ablation)
 * @param augmentReconstruction whether the reconstruction loss sees DiffAugmented images (both sides alike)
 * @param randomInit the ablation that starts G from EDM's random initialisation instead of the teacher
 * @param featureSigma the noise level the teacher's encoder is evaluated at as the feature network
 * @param discriminatorWidth channels of the discriminator heads
 * @param seed the seed of every random draw (and of G's weights under randomInit)
 * @param checkpointEvery images between checkpoints
 * @param logEvery images between log entries
 * @param gridEvery images between reconstruction and sample grids; 0: none
 * @param gridSize the grids are gridSize x gridSize images
 * @param view the side V at which the feature network sees images larger than V ({@link ImageViews}: the image
 *             box-down-sampled to V, and a V x V crop at full resolution); 0: always the whole image as it is
 * @param separateGanStep the reference's schedule of its later growths: separate generator updates for the
 *                        reconstruction and the GAN term (lambda = 1), instead of one combined update
 * @param guidanceBank the {@link GuidanceBank} file of the guided generator's distillation term, or null for plain
 *                     PaGoDA (field {@code guidance_bank}, written only when set)
 * @param distillWeight w_distill in {@code L_rec + w_distill L_distill} (field {@code distill_weight}, with the bank)
 */
public record DecoderConfig(String teacher, String pairs, int batch, long duration, double lrGenerator,
                            double lrDiscriminator, double emaDecay, double ganWeight, boolean gan, String reconstruction,
                            boolean augmentReconstruction, boolean randomInit, double featureSigma, int discriminatorWidth,
                            long seed, long checkpointEvery, long logEvery, long gridEvery, int gridSize, int view,
                            boolean separateGanStep, String guidanceBank, double distillWeight) {

    public static final String PERCEPTUAL = "perceptual";
    public static final String PIXEL = "pixel";

    private static final String[] FIELDS = {"teacher", "pairs", "batch", "duration", "lr_g", "lr_d", "ema_decay", "gan_weight",
        "gan", "reconstruction", "augment_reconstruction", "random_init", "feature_sigma", "discriminator_width", "seed",
        "checkpoint_every", "log_every", "grid_every", "grid_size", "view", "separate_gan_step", "guidance_bank",
        "distill_weight"};

    /** The weight of the distillation term when a bank is given and no weight. */
    public static final double DEFAULT_DISTILL_WEIGHT = 1;

    public DecoderConfig {
        if (teacher == null || teacher.isEmpty() || pairs == null || pairs.isEmpty()) {
            throw new IllegalArgumentException("teacher and pairs: expected a teacher and a pairs folder");
        }
        positive("batch", batch);
        positive("duration", duration);
        positive("checkpoint_every", checkpointEvery);
        positive("log_every", logEvery);
        positive("grid_size", gridSize);
        positive("discriminator_width", discriminatorWidth);
        if (view < 0) {
            throw new IllegalArgumentException("view: expected a side >= 0 (0: whole images), got " + view);
        }
        if (gridEvery < 0) {
            throw new IllegalArgumentException("grid_every: expected an image count >= 0 (0: no grids), got " + gridEvery);
        }
        finitePositive("lr_g", lrGenerator);
        finitePositive("lr_d", lrDiscriminator);
        finitePositive("feature_sigma", featureSigma);
        if (!(emaDecay >= 0 && emaDecay <= 1)) {
            throw new IllegalArgumentException("ema_decay: expected a number in [0, 1], got " + emaDecay);
        }
        if (!(ganWeight >= 0) || Double.isInfinite(ganWeight)) {
            throw new IllegalArgumentException("gan_weight: expected a finite number >= 0, got " + ganWeight);
        }
        if (!(distillWeight >= 0) || Double.isInfinite(distillWeight)) {
            throw new IllegalArgumentException("distill_weight: expected a finite number >= 0, got " + distillWeight);
        }
        if (guidanceBank != null && guidanceBank.isEmpty()) {
            throw new IllegalArgumentException("guidance_bank: expected a file, got an empty name");
        }
        if (!PERCEPTUAL.equals(reconstruction) && !PIXEL.equals(reconstruction)) {
            throw new IllegalArgumentException("reconstruction: expected perceptual or pixel, got '" + reconstruction + "'");
        }
    }

    /**
     * The defaults for the project's small teachers (4.5M parameters at 16x16), chosen by a short measured sweep
     * (README, "Training the decoder"); the reference's values (lr 8e-6 / 2e-3, EMA 0.999, w_D 0.2, batch 96)
     * are for a 296M network.
     */
    public static DecoderConfig defaults(String teacher, String pairs) {
        return new DecoderConfig(teacher, pairs, 32, 200_000, 5e-4, 2e-3, 0.999, 0.2, true, PERCEPTUAL, true, false,
                TeacherFeatures.DEFAULT_SIGMA, Discriminator.DEFAULT_WIDTH, 0, 5_000, 512, 10_000, 8, 0, false,
                null, DEFAULT_DISTILL_WEIGHT);
    }

    /**
     * Reads options; absent fields take {@code defaults}' values. Image counts may be numbers or strings such as
     * {@code "200k"}.
     *
     * @throws JsonException naming the source and field when a field is unknown or of the wrong type
     * @throws IllegalArgumentException naming the source and field when a value is out of range
     */
    public static DecoderConfig parse(JsonFields f, DecoderConfig defaults) {
        f.requireOnly(FIELDS);
        try {
            return new DecoderConfig(
                    f.getString("teacher", defaults.teacher),
                    f.getString("pairs", defaults.pairs),
                    f.getInt("batch", defaults.batch),
                    images(f, "duration", defaults.duration),
                    f.getDouble("lr_g", defaults.lrGenerator),
                    f.getDouble("lr_d", defaults.lrDiscriminator),
                    f.getDouble("ema_decay", defaults.emaDecay),
                    f.getDouble("gan_weight", defaults.ganWeight),
                    f.getBoolean("gan", defaults.gan),
                    f.getString("reconstruction", defaults.reconstruction),
                    f.getBoolean("augment_reconstruction", defaults.augmentReconstruction),
                    f.getBoolean("random_init", defaults.randomInit),
                    f.getDouble("feature_sigma", defaults.featureSigma),
                    f.getInt("discriminator_width", defaults.discriminatorWidth),
                    f.has("seed") ? f.getLong("seed") : defaults.seed,
                    images(f, "checkpoint_every", defaults.checkpointEvery),
                    images(f, "log_every", defaults.logEvery),
                    images(f, "grid_every", defaults.gridEvery),
                    f.getInt("grid_size", defaults.gridSize),
                    f.getInt("view", defaults.view),
                    f.getBoolean("separate_gan_step", defaults.separateGanStep),
                    f.getString("guidance_bank", defaults.guidanceBank),
                    f.getDouble("distill_weight", defaults.distillWeight));
        } catch (IllegalArgumentException e) {
            if (e instanceof JsonException) {
                throw e;
            }
            throw new IllegalArgumentException(f.source() + ": " + e.getMessage(), e);
        }
    }

    /** A copy with some fields replaced by JSON name, checked as {@link #parse} checks them. */
    public DecoderConfig with(Map<String, Object> overrides, String source) {
        Map<String, Object> m = toJson();
        m.putAll(overrides);
        return parse(JsonFields.of(m, source), this);
    }

    /** Whether the run trains the guided generator (a guidance bank is given). */
    public boolean guided() {
        return guidanceBank != null;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("teacher", teacher);
        m.put("pairs", pairs);
        m.put("batch", (long) batch);
        m.put("duration", duration);
        m.put("lr_g", lrGenerator);
        m.put("lr_d", lrDiscriminator);
        m.put("ema_decay", emaDecay);
        m.put("gan_weight", ganWeight);
        m.put("gan", gan);
        m.put("reconstruction", reconstruction);
        m.put("augment_reconstruction", augmentReconstruction);
        m.put("random_init", randomInit);
        m.put("feature_sigma", featureSigma);
        m.put("discriminator_width", (long) discriminatorWidth);
        m.put("seed", seed);
        m.put("checkpoint_every", checkpointEvery);
        m.put("log_every", logEvery);
        m.put("grid_every", gridEvery);
        m.put("grid_size", (long) gridSize);
        m.put("view", (long) view);
        m.put("separate_gan_step", separateGanStep);
        if (guidanceBank != null) {
            m.put("guidance_bank", guidanceBank);
            m.put("distill_weight", distillWeight);
        }
        return m;
    }

    private static long images(JsonFields f, String name, long fallback) {
        if (!f.has(name)) {
            return fallback;
        }
        Object v = f.get(name);
        if (v instanceof String s) {
            try {
                return ImageCount.parse(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
        }
        long n = f.getLong(name);
        if (n < 0) {
            throw new IllegalArgumentException(name + ": expected an image count >= 0, got " + n);
        }
        return n;
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected a positive number, got " + value);
        }
    }

    private static void finitePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + ": expected a finite number > 0, got " + value);
        }
    }
}
