package pagoda.decoder;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.autograd.Module;
import pagoda.autograd.StateDictException;
import pagoda.autograd.optim.Ema;
import pagoda.autograd.optim.Optimizer;
import pagoda.data.ShuffleStream;
import pagoda.tensor.Tensor;
import pagoda.train.Checkpoint;

/**
 * What a decoder checkpoint saves and how it is put back: G's parameters ({@value #G}), their EMA
 * ({@value #EMA}), the discriminator's state dict with its batch-norm statistics and spectral-norm vectors
 * ({@value #D}), both optimisers ({@value #OPTIM_G}, {@value #OPTIM_D}) as tensors, the two data streams'
 * positions as JSON. The frozen parts (teacher features, random projections) are rebuilt from the teacher
 * and the seed.
 */
final class DecoderState {
    static final String G = "g.";
    static final String EMA = "ema.";
    static final String D = "d.";
    static final String OPTIM_G = "optim_g.";
    static final String OPTIM_D = "optim_d.";
    static final String STREAM_G = "stream_g";
    static final String STREAM_D = "stream_d";

    private DecoderState() {
    }

    /** The parts of a run; d and optimD are null without the GAN. */
    record Parts(TrainableGenerator g, Ema ema, Optimizer optimG, Module d, Optimizer optimD, ShuffleStream streamG,
                 ShuffleStream streamD) {
    }

    static Checkpoint capture(long step, long images, Parts p) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        p.g().parameters().forEach((name, v) -> tensors.put(G + name, v.value()));
        p.ema().state().forEach((name, t) -> tensors.put(EMA + name, t));
        p.optimG().state().forEach((name, t) -> tensors.put(OPTIM_G + name, t));
        if (p.d() != null) {
            p.d().stateDict().forEach((name, t) -> tensors.put(D + name, t));
            p.optimD().state().forEach((name, t) -> tensors.put(OPTIM_D + name, t));
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put(STREAM_G, stream(p.streamG()));
        state.put(STREAM_D, stream(p.streamD()));
        return new Checkpoint(step, images, tensors, state);
    }

    private static Map<String, Object> stream(ShuffleStream s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", s.state().seed());
        m.put("position", s.state().position());
        m.put("size", (long) s.size());
        return m;
    }

    /**
     * Loads a checkpoint into freshly built parts and returns the two streams at their saved positions.
     *
     * @param file names the checkpoint in errors
     * @throws IllegalArgumentException naming the file when a tensor is missing, unexpected or mis-shaped, or a
     *         stream's state does not fit the data
     */
    static ShuffleStream[] restore(Checkpoint c, Path file, Parts p) {
        Map<String, Tensor> weights = new LinkedHashMap<>(p.g().stateDict());
        Map<String, Tensor> averages = new LinkedHashMap<>();
        Map<String, Tensor> momentsG = new LinkedHashMap<>();
        Map<String, Tensor> discriminator = new LinkedHashMap<>();
        Map<String, Tensor> momentsD = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            String key = e.getKey();
            Map<String, Tensor> target;
            String prefix;
            if (key.startsWith(G)) {
                target = weights;
                prefix = G;
            } else if (key.startsWith(EMA)) {
                target = averages;
                prefix = EMA;
            } else if (key.startsWith(OPTIM_G)) {
                target = momentsG;
                prefix = OPTIM_G;
            } else if (key.startsWith(D) && p.d() != null) {
                target = discriminator;
                prefix = D;
            } else if (key.startsWith(OPTIM_D) && p.d() != null) {
                target = momentsD;
                prefix = OPTIM_D;
            } else {
                throw new IllegalArgumentException(file + ": unexpected tensor '" + key + "' (expected the prefixes " + G + ", "
                        + EMA + ", " + OPTIM_G + (p.d() != null ? ", " + D + ", " + OPTIM_D : "") + ")");
            }
            target.put(key.substring(prefix.length()), e.getValue());
        }
        try {
            p.g().loadStateDict(weights);
            p.ema().loadState(averages);
            p.optimG().loadState(momentsG);
            if (p.d() != null) {
                p.d().loadStateDict(discriminator, true);
                p.optimD().loadState(momentsD);
            }
        } catch (StateDictException e) {
            throw new IllegalArgumentException(file + " does not fit the run's config.json and decoder.json: " + e.getMessage(), e);
        }
        return new ShuffleStream[] {stream(c, STREAM_G, file, p.streamG().size()), stream(c, STREAM_D, file, p.streamD().size())};
    }

    private static ShuffleStream stream(Checkpoint c, String key, Path file, int size) {
        if (!(c.state().get(key) instanceof Map<?, ?> m) || !(m.get("seed") instanceof Long seed)
                || !(m.get("position") instanceof Long position) || !(m.get("size") instanceof Long n)) {
            throw new IllegalArgumentException(file + ": the metadata has no data stream state '" + key + "' (seed, position, size)");
        }
        if (n != size) {
            throw new IllegalArgumentException(file + ": the run was trained on " + n + " pairs, the pairs folder now holds " + size
                    + "; resuming on other data would not continue the same run");
        }
        return ShuffleStream.resume(size, new ShuffleStream.State(seed, position));
    }
}
