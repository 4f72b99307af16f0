package pagoda.train;

import java.util.LinkedHashMap;
import java.util.Map;
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
 */
public record LogEntry(long step, long images, double loss, double learningRate, double emaBeta, double gradNorm,
                       double imagesPerSecond, double trainingSeconds, boolean checkpoint) {

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
        return m;
    }

    static LogEntry fromJson(JsonFields f) {
        return new LogEntry(f.getLong("step"), f.getLong("images"), number(f, "loss"), number(f, "lr"),
                number(f, "ema_beta"), number(f, "grad_norm"), number(f, "images_per_s"), number(f, "training_s"),
                f.getBoolean("checkpoint"));
    }

    /** JSON has no NaN: a non-finite value is written as null and read back as NaN. */
    private static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double number(JsonFields f, String name) {
        return f.get(name) == null ? Double.NaN : f.getDouble(name);
    }
}
