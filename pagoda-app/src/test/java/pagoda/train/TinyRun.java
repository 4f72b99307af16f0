package pagoda.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.tensor.Backends;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;
import pagoda.unet.UNetConfig;

/** A teacher small enough to train for a few steps in a test: 8x8 RGB, two levels, attention at 4x4. */
final class TinyRun {
    static final int BATCH = 4;

    private TinyRun() {
    }

    static UNetConfig model(int labelDim) {
        String json = "{\"img_resolution\": 8, \"img_channels\": 3, \"label_dim\": " + labelDim + ", \"model_channels\": 16,"
                + " \"channel_mult\": [1, 4], \"num_blocks\": 1, \"attn_resolutions\": [4], \"dropout\": 0.1,"
                + " \"label_dropout\": " + (labelDim > 0 ? 0.2 : 0) + "}";
        return UNetConfig.parse(JsonFields.of(Json.parse(json, "tiny"), "tiny"));
    }

    /** Training options: batch 4, warm-up over 8 images, EMA half-life 16 images, clipping at norm 1. */
    static TrainConfig train(long duration, long checkpointEvery) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("batch", (long) BATCH);
        o.put("duration", duration);
        o.put("lr", 2e-3);
        o.put("lr_rampup", 8L);
        o.put("ema_halflife", 16L);
        o.put("grad_clip", 1.0);
        o.put("seed", 5L);
        o.put("checkpoint_every", checkpointEvery);
        o.put("grid_every", 0L);
        o.put("log_every", (long) BATCH);
        o.put("grid_size", 2L);
        o.put("grid_steps", 4L);
        return TrainConfig.defaults("synthetic", 8).with(o, "test");
    }

    static TrainingData data(int classes) {
        return new SyntheticData(10, 3, 8, classes);
    }

    static TeacherTrainer trainer(RunFolder run, TrainingData data, StopSignal stop) throws IOException {
        Progress progress = new Progress(new PrintWriter(new StringWriter()), false, run.train().duration());
        return new TeacherTrainer(run, data, Backends.cpu(), progress, stop, Double.POSITIVE_INFINITY);
    }

    static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }

    static Path checkpoint(Path runDir, long images) {
        return runDir.resolve(CheckpointStore.DIR).resolve(String.format("checkpoint-%012d.safetensors", images));
    }
}
