package pagoda.teacher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.DType;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;
import pagoda.train.TeacherWeights;
import pagoda.unet.EDMPrecond;
import pagoda.unet.UNetConfig;

/**
 * Teacher folders small enough for tests: 8x8, two levels, attention at 4x4. EDM initialises the output conv
 * to zero, which would make D(x) = c_skip x whatever the image; every parameter is therefore perturbed by
 * seeded noise, so the network's output depends on its input in a non-trivial way.
 */
public final class TinyTeacher {
    public static final int RESOLUTION = 8;
    private static final Backend CPU = Backends.cpu();

    private TinyTeacher() {
    }

    public static UNetConfig config(int channels, int labelDim) {
        String json = "{\"img_resolution\": " + RESOLUTION + ", \"img_channels\": " + channels + ", \"label_dim\": " + labelDim
                + ", \"model_channels\": 16, \"channel_mult\": [1, 2], \"num_blocks\": 1, \"attn_resolutions\": [4],"
                + " \"label_dropout\": " + (labelDim > 0 ? 0.1 : 0) + "}";
        return UNetConfig.parse(JsonFields.of(Json.parse(json, "tiny"), "tiny"));
    }

    /** Writes config.json and model.safetensors (in {@code dtype}) of a seeded tiny teacher into {@code dir}. */
    public static Path write(Path dir, int channels, int labelDim, long seed, DType dtype) throws IOException {
        UNetConfig config = config(channels, labelDim);
        EDMPrecond net = new EDMPrecond(config, CPU, seed);
        Map<String, Tensor> state = new LinkedHashMap<>();
        Map<String, ?> parameters = net.namedParameters();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) {
            Tensor v = e.getValue();
            if (parameters.containsKey(e.getKey())) {
                v = Ops.add(v, Ops.normal(CPU, seed, offset, 0f, 0.05f, v.shape()));
                offset += 1L << 20;
            }
            state.put(e.getKey(), v);
        }
        Files.createDirectories(dir);
        Json.writeFile(dir.resolve("config.json"), config.toJson());
        TeacherWeights.write(dir.resolve("model.safetensors"), state, dtype);
        return dir;
    }

    /** A float32 RGB teacher. */
    public static Path write(Path dir, int labelDim, long seed) throws IOException {
        return write(dir, 3, labelDim, seed, DType.F32);
    }
}
