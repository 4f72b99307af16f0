package pagoda.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;
import pagoda.unet.UNetConfig;

/**
 * A network and its training options, as a preset (a resource {@code pagoda/train/presets/NAME.json}) or a
 * file given with {@code --config}: <pre>{"model": {config.json fields}, "training": {train.json fields}}</pre>
 *
 * @param name the preset's name, or the file it came from
 */
public record TeacherPreset(String name, UNetConfig model, TrainConfig train) {
    /** The presets this build ships. */
    public static final List<String> NAMES = List.of("teacher-emoji16", "teacher-fmnist16");

    /**
     * A shipped preset.
     *
     * @throws IllegalArgumentException listing the presets when there is none of that name
     */
    public static TeacherPreset named(String name) throws IOException {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("no preset '" + name + "' (presets: " + String.join(", ", NAMES) + ")");
        }
        String resource = "presets/" + name + ".json";
        try (InputStream in = TeacherPreset.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the preset resource " + resource + " is missing from the build");
            }
            return parse(JsonFields.of(Json.parse(in.readAllBytes(), name), name), name);
        }
    }

    /** A preset file ({@code --config}); errors name the file and field. */
    public static TeacherPreset read(Path file) throws IOException {
        return parse(Json.readObject(file), file.toString());
    }

    private static TeacherPreset parse(JsonFields f, String name) {
        f.requireOnly("model", "training");
        UNetConfig model = UNetConfig.parse(f.getObject("model"));
        TrainConfig defaults = TrainConfig.defaults("emoji", model.imgResolution());
        TrainConfig train = f.has("training") ? TrainConfig.parse(f.getObject("training"), defaults) : defaults;
        if (train.preset() == null && NAMES.contains(name)) {
            train = train.withPreset(name);
        }
        if (train.resolution() != model.imgResolution()) {
            throw new IllegalArgumentException(name + ": training.resolution " + train.resolution()
                    + " differs from model.img_resolution " + model.imgResolution());
        }
        return new TeacherPreset(name, model, train);
    }
}
