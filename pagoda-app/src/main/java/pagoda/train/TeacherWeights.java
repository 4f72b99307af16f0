package pagoda.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.autograd.optim.Ema;
import pagoda.tensor.DType;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensorsWriter;
import pagoda.unet.EDMPrecond;

/**
 * A teacher's weights as NVlabs/edm saves them: the state dict of {@code EDMPrecond} (parameters and the
 * constant resample-filter buffers) under EDM's key names, here with the EMA in place of the parameters,
 * since the EMA is what samples well.
 */
public final class TeacherWeights {
    /** The {@code __metadata__ format} of EDM-flavoured weights, as {@link pagoda.unet.TeacherFiles} writes it. */
    static final String FORMAT = "edm-state-dict";

    private TeacherWeights() {
    }

    /** {@code net}'s state dict with each parameter replaced by its EMA. */
    public static Map<String, Tensor> emaStateDict(EDMPrecond net, Ema ema) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<String, ?> parameters = net.namedParameters();
        net.stateDict().forEach((name, value) -> out.put(name, parameters.containsKey(name) ? ema.average(name) : value));
        return out;
    }

    /** Writes a state dict as safetensors in {@code dtype} (F32, F16 or BF16), atomically. */
    public static void write(Path file, Map<String, Tensor> state, DType dtype) throws IOException {
        if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
            throw new IllegalArgumentException("teacher weights are stored as F32, F16 or BF16, not " + dtype);
        }
        SafeTensorsWriter w = new SafeTensorsWriter().metadata("format", FORMAT);
        state.forEach((name, t) -> w.put(name, t, dtype));
        w.write(file);
    }
}
