package pagoda.ode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensors;
import pagoda.tensor.io.SafeTensorsWriter;

/**
 * The {@code sampler} case of the EDM reference fixtures ({@code shared/fixtures/README.md}): from its
 * {@code latents}, {@code data}, {@code class_labels} and the {@code t_steps} metadata (num_steps,
 * sigma_min, sigma_max, rho) it produces {@code heun} and {@code euler} (EDM's deterministic sampler from
 * latents * sigma_max down to 0) and {@code encoded} and {@code encoded_clamped} (the same grid without its
 * 0 walked upward from {@code data} with Heun, the denoiser unclamped and clamped to [-1, 1]).
 */
public final class SamplerFixture {
    /** What a correct float32 implementation meets: relative 2-norm error over the whole tensor. */
    public static final double TOLERANCE = 1e-3;
    /** The outputs, in the fixture's order. */
    public static final List<String> OUTPUTS = List.of("heun", "euler", "encoded", "encoded_clamped");

    /** The inputs of the case; {@code grid} is the descending Karras grid ending at 0. */
    public record Case(Tensor latents, Tensor data, Tensor labels, SigmaGrid grid) {
    }

    private SamplerFixture() {
    }

    /**
     * Reads the inputs of a sampler case and rebuilds its grid from the metadata, checking it against the
     * stored (float32) {@code t_steps}.
     *
     * @throws IllegalArgumentException naming the file and the field or tensor when something is missing or inconsistent
     */
    public static Case read(Path file, Backend backend) throws IOException {
        try (SafeTensors st = SafeTensors.open(file)) {
            Map<String, String> meta = st.metadata();
            int n = (int) number(file, meta, "num_steps");
            SigmaGrid grid = SigmaGrid.karras(n, number(file, meta, "sigma_min"), number(file, meta, "sigma_max"),
                    number(file, meta, "rho"));
            checkSteps(file, st.readDoubles("t_steps"), grid);
            Tensor latents = st.readTensor("latents", backend);
            Tensor data = st.readTensor("data", backend);
            Tensor labels = st.readTensor("class_labels", backend);
            if (latents.rank() != 4 || !latents.sameShape(data)) {
                throw new IllegalArgumentException(file + ": expected 'latents' and 'data' of one shape [N, C, H, W], got "
                        + Arrays.toString(latents.shape()) + " and " + Arrays.toString(data.shape()));
            }
            if (labels.rank() != 2 || labels.size(0) != latents.size(0)) {
                throw new IllegalArgumentException(file + ": expected 'class_labels' [" + latents.size(0) + ", K], got "
                        + Arrays.toString(labels.shape()));
            }
            return new Case(latents, data, labels, grid);
        }
    }

    private static double number(Path file, Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) {
            throw new IllegalArgumentException(file + ": metadata field '" + key + "' is missing (expected num_steps, "
                    + "sigma_min, sigma_max, rho)");
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": metadata field '" + key + "' is '" + v + "', expected a number", e);
        }
    }

    private static void checkSteps(Path file, double[] stored, SigmaGrid grid) {
        boolean same = stored.length == grid.size();
        for (int i = 0; same && i < stored.length; i++) {
            same = stored[i] == (float) grid.sigma(i);
        }
        if (!same) {
            throw new IllegalArgumentException(file + ": tensor 't_steps' " + Arrays.toString(stored)
                    + " is not the Karras grid of the metadata, " + grid);
        }
    }

    /** Runs the four outputs of the case through {@code denoiser}, on the backend the case was read to. */
    public static Map<String, Tensor> run(Denoiser denoiser, Case c) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("heun", new Sampler(denoiser, c.grid(), Solver.HEUN).generate(c.latents(), c.labels(), 0, 0));
        out.put("euler", new Sampler(denoiser, c.grid(), Solver.EULER).generate(c.latents(), c.labels(), 0, 0));
        SigmaGrid up = c.grid().reversed();
        out.put("encoded", new Encoder(denoiser, up, Solver.HEUN, false).encode(c.data(), c.labels()));
        out.put("encoded_clamped", new Encoder(denoiser, up, Solver.HEUN, true).encode(c.data(), c.labels()));
        return out;
    }

    /** {@link #read} then {@link #run}. */
    public static Map<String, Tensor> run(Denoiser denoiser, Path file, Backend backend) throws IOException {
        return run(denoiser, read(file, backend));
    }

    /** Writes the outputs as float32 safetensors (atomically). */
    public static void write(Map<String, Tensor> outputs, Path file) throws IOException {
        SafeTensorsWriter w = new SafeTensorsWriter();
        for (String name : OUTPUTS) {
            w.put(name, outputs.get(name));
        }
        w.write(file);
    }

    /** Relative error |out - ref| / |ref| (2-norms over the whole tensor) of every output against the fixture. */
    public static Map<String, Double> compare(Map<String, Tensor> outputs, Path reference) throws IOException {
        return compare(name -> outputs.get(name).toDoubleArray(), reference);
    }

    /** As {@link #compare(Map, Path)} for outputs written by {@link #write}. */
    public static Map<String, Double> compareFiles(Path results, Path reference) throws IOException {
        try (SafeTensors ours = SafeTensors.open(results)) {
            return compare(ours::readDoubles, reference);
        }
    }

    private static Map<String, Double> compare(Function<String, double[]> outputs, Path reference) throws IOException {
        Map<String, Double> errors = new LinkedHashMap<>();
        try (SafeTensors st = SafeTensors.open(reference)) {
            for (String name : OUTPUTS) {
                errors.put(name, relativeError(outputs.apply(name), st.readDoubles(name), name));
            }
        }
        return errors;
    }

    static double relativeError(double[] out, double[] ref, String name) {
        if (out.length != ref.length) {
            throw new IllegalArgumentException("'" + name + "': " + out.length + " values against " + ref.length + " expected");
        }
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < out.length; i++) {
            diff += (out[i] - ref[i]) * (out[i] - ref[i]);
            norm += ref[i] * ref[i];
        }
        return Math.sqrt(diff / norm);
    }
}
