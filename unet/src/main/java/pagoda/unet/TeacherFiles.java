package pagoda.unet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.autograd.StateDictException;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensors;
import pagoda.tensor.io.SafeTensorsWriter;

/**
 * Reads and writes a teacher as config.json plus model.safetensors (../shared/fixtures/README.md). The
 * weights are in the format of the config's {@link Flavour}: EDM's state dict as is, or guided-diffusion
 * keys converted by {@link GuidedDiffusionKeys}. Loading is strict: every missing, unexpected or
 * mis-shaped key is reported, with the file's name.
 */
public final class TeacherFiles {
    /** The {@code __metadata__ format} tag of each flavour's weight files. */
    private static final Map<Flavour, String> FORMAT_TAG = Map.of(
            Flavour.EDM, "edm-state-dict", Flavour.CONSISTENCY_MODELS, "guided-diffusion-state-dict");

    private TeacherFiles() {
    }

    /** The teacher of {@code dir}/config.json with the weights of {@code dir}/model.safetensors. */
    public static EDMPrecond load(Path dir, Backend backend) throws IOException {
        return load(dir.resolve("config.json"), dir.resolve("model.safetensors"), backend);
    }

    public static EDMPrecond load(Path configFile, Path weightsFile, Backend backend) throws IOException {
        UNetConfig config = UNetConfig.read(configFile);
        EDMPrecond net = new EDMPrecond(config, backend, 0);
        Map<String, Tensor> state = readTensors(weightsFile, backend);
        if (config.flavour() == Flavour.CONSISTENCY_MODELS) {
            try {
                state = GuidedDiffusionKeys.toEdm(config, state);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(weightsFile + ": " + e.getMessage(), e);
            }
            for (Map.Entry<String, Tensor> b : net.namedBuffers().entrySet()) {
                state.putIfAbsent(b.getKey(), b.getValue());
            }
        }
        try {
            net.loadStateDict(state, true);
        } catch (StateDictException e) {
            throw new IllegalArgumentException(weightsFile + " does not fit " + configFile + ": " + e.getMessage(), e);
        }
        return net;
    }

    /** Every tensor of a safetensors file, on {@code backend}. */
    public static Map<String, Tensor> readTensors(Path file, Backend backend) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (SafeTensors st = SafeTensors.open(file)) {
            for (String name : st.names()) {
                out.put(name, st.readTensor(name, backend));
            }
        }
        return out;
    }

    /** Writes the teacher's state dict in the format of its config's flavour, atomically. */
    public static void saveWeights(EDMPrecond net, Path weightsFile) throws IOException {
        UNetConfig config = net.config();
        Map<String, Tensor> state = net.stateDict();
        if (config.flavour() == Flavour.CONSISTENCY_MODELS) {
            state = GuidedDiffusionKeys.toGuidedDiffusion(config, state);
        }
        SafeTensorsWriter w = new SafeTensorsWriter().metadata("format", FORMAT_TAG.get(config.flavour()));
        state.forEach(w::put);
        w.write(weightsFile);
    }
}
