package pagoda.train;

import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonException;
import pagoda.tensor.io.JsonFields;

/**
 * The training options of a teacher run, as {@code RUN/train.json} and the {@code training} part of a
 * preset hold them. Lengths are in images ({@link ImageCount}); defaults follow NVlabs/edm's
 * {@code train.py} where it has one that suits a short run, and say so where they do not.
 *
 * @param preset the preset the run started from, or null
 * @param data {@code emoji}, {@code fmnist} or a folder of images
 * @param resolution the side of the training images (and of the network)
 * @param batch images per optimiser step
 * @param duration images to train on in total
 * @param learningRate Adam's rate after warm-up
 * @param lrRampup images of linear warm-up ({@code lr_rampup_kimg})
 * @param emaHalfLife images over which the EMA forgets half ({@code ema_halflife_kimg})
 * @param emaRampupRatio cap of the half-life as a fraction of the images seen ({@code ema_rampup_ratio})
 * @param xflip whether each image is mirrored with probability 1/2
 * @param gradClip maximum global gradient norm; 0: no clipping
 * @param seed the seed of the weights' initialisation and of every random draw of training
 * @param checkpointEvery images between checkpoints
 * @param gridEvery images between sample grids; 0: none
 * @param logEvery images between log entries
 * @param gridSize the grid is gridSize x gridSize samples
 * @param gridSteps Heun steps of the sample grids (2 gridSteps - 1 network evaluations)
 * @param device the compute device
 */
public record TrainConfig(String preset, String data, int resolution, int batch, long duration, double learningRate,
                          long lrRampup, long emaHalfLife, double emaRampupRatio, boolean xflip, double gradClip, long seed,
                          long checkpointEvery, long gridEvery, long logEvery, int gridSize, int gridSteps, String device) {

    private static final String[] FIELDS = {"preset", "data", "resolution", "batch", "duration", "lr", "lr_rampup",
        "ema_halflife", "ema_rampup_ratio", "xflip", "grad_clip", "seed", "checkpoint_every", "grid_every", "log_every",
        "grid_size", "grid_steps", "device"};

    /** The devices this build trains on. */
    public static final String CPU = "cpu";

    public TrainConfig {
        if (data == null || data.isEmpty()) {
            throw new IllegalArgumentException("data: expected emoji, fmnist or a folder of images");
        }
        positive("resolution", resolution);
        positive("batch", batch);
        positive("duration", duration);
        positive("checkpoint_every", checkpointEvery);
        positive("log_every", logEvery);
        positive("grid_size", gridSize);
        positive("grid_steps", gridSteps);
        if (gridEvery < 0 || lrRampup < 0 || emaHalfLife < 0) {
            throw new IllegalArgumentException("grid_every, lr_rampup and ema_halflife: expected image counts >= 0");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("lr: expected a finite number > 0, got " + learningRate);
        }
        if (!(emaRampupRatio >= 0) || Double.isInfinite(emaRampupRatio)) {
            throw new IllegalArgumentException("ema_rampup_ratio: expected a finite number >= 0, got " + emaRampupRatio);
        }
        if (!(gradClip >= 0) || Double.isInfinite(gradClip)) {
            throw new IllegalArgumentException("grad_clip: expected a finite number >= 0 (0: off), got " + gradClip);
        }
    }

    /**
     * Reads training options; absent fields take {@code defaults}' values. Image counts may be numbers or
     * strings such as {@code "300k"}.
     *
     * @throws JsonException naming the source and field when a field is unknown or of the wrong type
     * @throws IllegalArgumentException naming the field when a value is out of range
     */
    public static TrainConfig parse(JsonFields f, TrainConfig defaults) {
        f.requireOnly(FIELDS);
        try {
            return new TrainConfig(
                    f.has("preset") && f.get("preset") != null ? f.getString("preset") : defaults.preset,
                    f.getString("data", defaults.data),
                    f.getInt("resolution", defaults.resolution),
                    f.getInt("batch", defaults.batch),
                    images(f, "duration", defaults.duration),
                    f.getDouble("lr", defaults.learningRate),
                    images(f, "lr_rampup", defaults.lrRampup),
                    images(f, "ema_halflife", defaults.emaHalfLife),
                    f.getDouble("ema_rampup_ratio", defaults.emaRampupRatio),
                    f.getBoolean("xflip", defaults.xflip),
                    f.getDouble("grad_clip", defaults.gradClip),
                    f.has("seed") ? f.getLong("seed") : defaults.seed,
                    images(f, "checkpoint_every", defaults.checkpointEvery),
                    images(f, "grid_every", defaults.gridEvery),
                    images(f, "log_every", defaults.logEvery),
                    f.getInt("grid_size", defaults.gridSize),
                    f.getInt("grid_steps", defaults.gridSteps),
                    f.getString("device", defaults.device));
        } catch (IllegalArgumentException e) {
            if (e instanceof JsonException) {
                throw e;
            }
            throw new IllegalArgumentException(f.source() + ": " + e.getMessage(), e);
        }
    }

    /** EDM's recipe scaled to a run of a few hundred thousand images; presets override what they need. */
    public static TrainConfig defaults(String data, int resolution) {
        return new TrainConfig(null, data, resolution, 64, 300_000, 1e-3, 10_000, 10_000, 0.05, true, 0, 0,
                25_000, 25_000, 1_000, 8, 18, CPU);
    }

    /** The schedule of learning rate and EMA decay these options define. */
    public EdmSchedule schedule() {
        return new EdmSchedule(learningRate, lrRampup, emaHalfLife, emaRampupRatio);
    }

    /** The fields as train.json holds them; integers as {@code Long}, as {@link Json#parse} gives them. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", preset);
        m.put("data", data);
        m.put("resolution", (long) resolution);
        m.put("batch", (long) batch);
        m.put("duration", duration);
        m.put("lr", learningRate);
        m.put("lr_rampup", lrRampup);
        m.put("ema_halflife", emaHalfLife);
        m.put("ema_rampup_ratio", emaRampupRatio);
        m.put("xflip", xflip);
        m.put("grad_clip", gradClip);
        m.put("seed", seed);
        m.put("checkpoint_every", checkpointEvery);
        m.put("grid_every", gridEvery);
        m.put("log_every", logEvery);
        m.put("grid_size", (long) gridSize);
        m.put("grid_steps", (long) gridSteps);
        m.put("device", device);
        return m;
    }

    /**
     * A copy with some fields replaced, by their JSON names ({@code "batch"}, {@code "duration"}, ...), checked
     * as {@link #parse} checks them; {@code source} names the overrides in errors.
     */
    public TrainConfig with(Map<String, Object> overrides, String source) {
        Map<String, Object> m = toJson();
        m.putAll(overrides);
        return parse(JsonFields.of(m, source), this);
    }

    /** A copy that records the preset it came from. */
    public TrainConfig withPreset(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", name);
        return with(m, "preset");
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
}
