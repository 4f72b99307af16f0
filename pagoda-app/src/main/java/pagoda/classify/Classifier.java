package pagoda.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.DType;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.SafeTensors;
import pagoda.tensor.io.SafeTensorsWriter;

/**
 * A trained {@link ClassifierNet} on disk: a folder with {@code classifier.json} (the config and how it was
 * trained, with its test accuracy) and {@code model.safetensors} (F32), and the accuracy of image sets.
 */
public final class Classifier {
    public static final String CONFIG = "classifier.json";
    public static final String MODEL = "model.safetensors";

    private final ClassifierNet net;

    public Classifier(ClassifierNet net) {
        this.net = net;
    }

    public ClassifierNet net() {
        return net;
    }

    /** Writes the folder (each file atomically); {@code training} is recorded beside the config. */
    public void save(Path dir, Map<String, Object> training) throws IOException {
        Files.createDirectories(dir);
        SafeTensorsWriter w = new SafeTensorsWriter().metadata("format", ClassifierConfig.FORMAT);
        net.stateDict().forEach((k, v) -> w.put(k, v, DType.F32));
        w.write(dir.resolve(MODEL));
        Map<String, Object> json = new LinkedHashMap<>(net.config().toJson());
        json.put("training", training);
        Json.writeFile(dir.resolve(CONFIG), json);
    }

    /**
     * Loads a classifier folder.
     *
     * @throws IllegalArgumentException naming the folder and the file that is missing or does not fit
     */
    public static Classifier load(Path dir, Backend backend) throws IOException {
        Path config = dir.resolve(CONFIG);
        Path model = dir.resolve(MODEL);
        if (!Files.isRegularFile(config) || !Files.isRegularFile(model)) {
            throw new IllegalArgumentException(dir + " is not a classifier folder (" + CONFIG + " and " + MODEL
                    + "; ./pagoda train-classifier writes one)");
        }
        ClassifierNet net = new ClassifierNet(ClassifierConfig.parse(Json.readObject(config)), backend, 0);
        Map<String, Tensor> state = new LinkedHashMap<>();
        try (SafeTensors st = SafeTensors.open(model)) {
            for (String name : st.names()) {
                state.put(name, st.readTensor(name, backend));
            }
        }
        net.loadStateDict(state, true);
        net.eval();
        return new Classifier(net);
    }

    /** The predicted class of each image [N, C, R, R] in [-1, 1], {@code batch} at a time. */
    public int[] predict(Tensor images, Backend backend, int batch) {
        ClassifierConfig c = net.config();
        int[] s = images.shape();
        if (s.length != 4 || s[1] != c.channels() || s[2] != c.resolution() || s[3] != c.resolution()) {
            throw new IllegalArgumentException("the classifier takes images [N, " + c.channels() + ", " + c.resolution() + ", "
                    + c.resolution() + "], got " + java.util.Arrays.toString(s));
        }
        int n = s[0];
        int[] out = new int[n];
        net.eval();
        for (int first = 0; first < n; first += batch) {
            int b = Math.min(batch, n - first);
            float[] logits;
            try (NoGrad g = NoGrad.enter()) {
                logits = net.forward(Var.constant(images.slice(0, first, first + b).contiguous().to(backend))).value().toFloatArray();
            }
            for (int i = 0; i < b; i++) {
                int best = 0;
                for (int k = 1; k < c.classes(); k++) {
                    if (logits[i * c.classes() + k] > logits[i * c.classes() + best]) {
                        best = k;
                    }
                }
                out[first + i] = best;
            }
        }
        return out;
    }

    /** The fraction of images whose predicted class is {@code labels[i]}. */
    public double accuracy(Tensor images, int[] labels, Backend backend, int batch) {
        int[] p = predict(images, backend, batch);
        if (p.length != labels.length) {
            throw new IllegalArgumentException(p.length + " images but " + labels.length + " labels");
        }
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == labels[i]) {
                right++;
            }
        }
        return (double) right / p.length;
    }
}
