package pagoda.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import pagoda.tensor.io.JsonFields;

/**
 * One line of a run's {@code log.jsonl}: the state after {@code step} steps and {@code images} images.
 *
 * @param loss the mean training loss over the steps since the previous entry
 * @param learningRate the rate of the last of those steps
 * @param emaBeta the EMA decay of the last of those steps
 * @param gradNorm the global gradient norm of the last of those steps, before clipping
 * @param imagesPerSecond training throughput since the previous entry
 * @param trainingSeconds training time of the run so far, over all its sessions
 * @param checkpoint whether a checkpoint was written at this point
 * @param extra further numbers of a kind of run, by JSON name, written after the common fields (the
 *        decoder's loss terms, say); NaN is written as null
 */
public record LogEntry(long step, long images, double loss, double learningRate, double emaBeta, double gradNorm,
                       double imagesPerSecond, double trainingSeconds, boolean checkpoint, Map<String, Double> extra) {
    private static final Set<String> COMMON = Set.of("step", "images", "loss", "lr", "ema_beta",
            "grad_norm", "images_per_s", "training_s", "checkpoint");

    public LogEntry {
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** An entry with no extra numbers. */
    public LogEntry(long step, long images, double loss, double learningRate, double emaBeta, double gradNorm,
                    double imagesPerSecond, double trainingSeconds, boolean checkpoint) {
        this(step, images, loss, learningRate, emaBeta, gradNorm, imagesPerSecond, trainingSeconds, checkpoint, Map.of());
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("images", images);
        m.put("loss", finiteOrNull(loss));
        m.put("lr", finiteOrNull(learningRate));
        m.put("ema_beta", finiteOrNull(emaBeta));
        m.put("grad_norm", finiteOrNull(gradNorm));
        m.put("images_per_s", finiteOrNull(imagesPerSecond));
        m.put("training_s", finiteOrNull(trainingSeconds));
        m.put("checkpoint", checkpoint);
        extra.forEach((k, v) -> m.put(k, finiteOrNull(v)));
        return m;
    }

    static LogEntry fromJson(JsonFields f) {
        Map<String, Double> extra = new LinkedHashMap<>();
        for (String key : f.asMap().keySet()) {
            if (!COMMON.contains(key)) {
                extra.put(key, number(f, key));
            }
        }
        return new LogEntry(f.getLong("step"), f.getLong("images"), number(f, "loss"), number(f, "lr"),
                number(f, "ema_beta"), number(f, "grad_norm"), number(f, "images_per_s"), number(f, "training_s"),
                f.getBoolean("checkpoint"), extra);
    }

    /** JSON has no NaN: a non-finite value is written as null and read back as NaN. */
    private static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double number(JsonFields f, String name) {
        return f.get(name) == null ? Double.NaN : f.getDouble(name);
    }
}
