package pagoda.decoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntConsumer;
import pagoda.ode.Denoiser;
import pagoda.ode.GuidedDenoiser;
import pagoda.ode.SampleNoise;
import pagoda.ode.Sampler;
import pagoda.ode.SigmaGrid;
import pagoda.ode.Solver;
import pagoda.tensor.Backend;
import pagoda.tensor.DType;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensors;
import pagoda.tensor.io.SafeTensorsWriter;
import pagoda.tensor.random.Philox;

/**
 * The guided generator's distillation targets (pagoda-spec.md, "Where this project departs", 3): entry i is
 * (eps_i, y_i, w_i, x_i), where
 * <pre>
 *   eps_i  the unit-normal latent of noise stream (seed, i) ({@link SampleNoise}: the stream the teacher's and
 *          G's sample i start from), so it is not stored but regenerated from the seed
 *   y_i    class i mod K
 *   w_i    1 + (wMax - 1) u_i,  u_i uniform in [0, 1) from Philox stream {@link SampleNoise#key}(seed, i, W_STREAM)
 *   x_i    the guided teacher's sample from 80 eps_i: classifier-free guidance at w_i against the zero label
 *          (Ho and Salimans 2022), deterministic Heun on the Karras grid (EDM Algorithm 1), clamped to [-1, 1]
 * </pre>
 * so every entry is a function of (teacher, seed, i, wMax, steps) alone, whatever the batch it is made in.
 * Each entry costs 2 x (2 steps - 1) teacher evaluations (the guided denoiser doubles the batch).
 *
 * <p>File (safetensors, written atomically): {@code images} F32 [N, C, R, R], {@code labels} I64 [N],
 * {@code guidance} F64 [N]; metadata {@code format} ({@value #FORMAT}), {@code seed}, {@code steps},
 * {@code w_max}, {@code classes}, {@code teacher_sha256}.
 */
public final class GuidanceBank {
    public static final String FORMAT = "pagoda.guidance-bank/1";
    /** The noise stream of the scales: far beyond the churn streams 1 + step of {@link SampleNoise}. */
    static final long W_STREAM = 1L << 40;

    private final long seed;
    private final int steps;
    private final double wMax;
    private final int classes;
    private final String teacherSha256;
    private final int channels;
    private final int resolution;
    private final float[] images;
    private final int[] labels;
    private final double[] guidance;

    private GuidanceBank(long seed, int steps, double wMax, int classes, String teacherSha256, int channels, int resolution,
                         float[] images, int[] labels, double[] guidance) {
        this.seed = seed;
        this.steps = steps;
        this.wMax = wMax;
        this.classes = classes;
        this.teacherSha256 = teacherSha256;
        this.channels = channels;
        this.resolution = resolution;
        this.images = images;
        this.labels = labels;
        this.guidance = guidance;
    }

    /** A batch of entries: latents 80 eps [B, C, R, R], one-hot labels [B, K], scales w [B], targets [B, C, R, R]. */
    public record Batch(Tensor latents, Tensor labels, double[] guidance, Tensor images) {
    }

    /** The scale w_i of entry {@code id}. */
    public static double scale(long seed, long id, double wMax) {
        float[] u = new float[1];
        Philox.fill(u, 0, 1, SampleNoise.key(seed, id, W_STREAM), 0, false, 0f, 1f);
        return 1 + (wMax - 1) * u[0];
    }

    /**
     * Makes a bank of {@code n} entries with the teacher's denoiser, {@code batch} entries per sampler call.
     *
     * @param teacher the class-conditional teacher's denoiser (trained with label dropout: its zero label is
     *                the unconditional model)
     * @param done    told the number of entries finished after each batch
     */
    public static GuidanceBank build(Denoiser teacher, String teacherSha256, int channels, int resolution, int classes,
                                     Backend backend, int n, double wMax, int steps, long seed, int batch, IntConsumer done) {
        if (classes < 1) {
            throw new IllegalArgumentException("the teacher is unconditional; guidance needs a class-conditional teacher");
        }
        if (!(wMax >= 1) || Double.isInfinite(wMax)) {
            throw new IllegalArgumentException("w_max: expected a finite number >= 1, got " + wMax);
        }
        if (n < 1 || batch < 1 || steps < 2) {
            throw new IllegalArgumentException("expected n >= 1, batch >= 1 and steps >= 2, got " + n + ", " + batch + ", " + steps);
        }
        int per = channels * resolution * resolution;
        float[] images = new float[Math.multiplyExact(n, per)];
        int[] labels = new int[n];
        double[] guidance = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            guidance[i] = scale(seed, i, wMax);
        }
        for (int first = 0; first < n; first += batch) {
            int b = Math.min(batch, n - first);
            double[] w = Arrays.copyOfRange(guidance, first, first + b);
            Sampler sampler = new Sampler(GuidedDenoiser.perSample(teacher, w, classes), SigmaGrid.karras(steps), Solver.HEUN);
            Tensor x = sampler.generate(backend, seed, first, new int[] {b, channels, resolution, resolution},
                    oneHot(backend, Arrays.copyOfRange(labels, first, first + b), classes));
            System.arraycopy(Ops.clamp(x, -1f, 1f).toFloatArray(), 0, images, first * per, b * per);
            done.accept(first + b);
        }
        return new GuidanceBank(seed, steps, wMax, classes, teacherSha256, channels, resolution, images, labels, guidance);
    }

    /** Writes the bank atomically. */
    public void write(Path file) throws IOException {
        long[] l = new long[labels.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels[i];
        }
        new SafeTensorsWriter()
                .metadata("format", FORMAT)
                .metadata("seed", Long.toString(seed))
                .metadata("steps", Integer.toString(steps))
                .metadata("w_max", Double.toString(wMax))
                .metadata("classes", Integer.toString(classes))
                .metadata("teacher_sha256", teacherSha256)
                .put("images", images, DType.F32, size(), channels, resolution, resolution)
                .put("labels", l, DType.I64, size())
                .put("guidance", guidance, DType.F64, size())
                .write(file);
    }

    /**
     * Reads a bank.
     *
     * @throws IllegalArgumentException naming the file and the tensor or field that is missing or does not fit
     */
    public static GuidanceBank read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such guidance bank (./pagoda guidance-bank writes one)");
        }
        try (SafeTensors st = SafeTensors.open(file)) {
            Map<String, String> meta = st.metadata();
            if (!FORMAT.equals(meta.get("format"))) {
                throw new IllegalArgumentException(file + ": metadata format " + meta.get("format") + ", expected " + FORMAT);
            }
            for (String name : new String[] {"images", "labels", "guidance"}) {
                if (!st.contains(name)) {
                    throw new IllegalArgumentException(file + ": no tensor '" + name + "' (a guidance bank holds images, labels, guidance)");
                }
            }
            int[] shape = st.info("images").shape();
            if (shape.length != 4 || shape[2] != shape[3] || shape[0] < 1) {
                throw new IllegalArgumentException(file + ": tensor 'images' has shape " + Arrays.toString(shape) + ", expected [N, C, R, R]");
            }
            int n = shape[0];
            long[] l = st.readLongs("labels");
            double[] w = st.readDoubles("guidance");
            if (l.length != n || w.length != n) {
                throw new IllegalArgumentException(file + ": " + n + " images, " + l.length + " labels and " + w.length
                        + " guidance scales; expected one of each per entry");
            }
            long seed = metaLong(file, meta, "seed");
            int steps = (int) metaLong(file, meta, "steps");
            int classes = (int) metaLong(file, meta, "classes");
            double wMax = metaDouble(file, meta, "w_max");
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                if (l[i] < 0 || l[i] >= classes) {
                    throw new IllegalArgumentException(file + ": tensor 'labels' entry " + i + " is " + l[i] + ", expected 0 .. " + (classes - 1));
                }
                if (!(w[i] >= 1 && w[i] <= wMax)) {
                    throw new IllegalArgumentException(file + ": tensor 'guidance' entry " + i + " is " + w[i] + ", expected 1 .. " + wMax);
                }
                labels[i] = (int) l[i];
            }
            String sha = meta.get("teacher_sha256");
            if (sha == null) {
                throw new IllegalArgumentException(file + ": metadata teacher_sha256 missing");
            }
            return new GuidanceBank(seed, steps, wMax, classes, sha, shape[1], shape[2], st.readFloats("images"), labels, w);
        }
    }

    private static long metaLong(Path file, Map<String, String> meta, String key) {
        try {
            return Long.parseLong(meta.getOrDefault(key, ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": metadata " + key + " is '" + meta.get(key) + "', expected an integer", e);
        }
    }

    private static double metaDouble(Path file, Map<String, String> meta, String key) {
        try {
            return Double.parseDouble(meta.getOrDefault(key, ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": metadata " + key + " is '" + meta.get(key) + "', expected a number", e);
        }
    }

    /** The given entries, their latents regenerated from the seed. */
    public Batch batch(Backend backend, int[] entries) {
        int per = channels * resolution * resolution;
        float[] eps = new float[entries.length * per];
        float[] x = new float[entries.length * per];
        int[] y = new int[entries.length];
        double[] w = new double[entries.length];
        for (int i = 0; i < entries.length; i++) {
            int e = entries[i];
            SampleNoise.normal(seed, e, SampleNoise.LATENT_STREAM, eps, i * per, per);
            System.arraycopy(images, e * per, x, i * per, per);
            y[i] = labels[e];
            w[i] = guidance[e];
        }
        Tensor z = Ops.mul(Tensor.of(backend, eps, entries.length, channels, resolution, resolution), (float) Generator.SIGMA);
        return new Batch(z, oneHot(backend, y, classes), w, Tensor.of(backend, x, entries.length, channels, resolution, resolution));
    }

    private static Tensor oneHot(Backend backend, int[] labels, int classes) {
        float[] h = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            h[i * classes + labels[i]] = 1;
        }
        return Tensor.of(backend, h, labels.length, classes);
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int resolution() {
        return resolution;
    }

    public int classes() {
        return classes;
    }

    public long seed() {
        return seed;
    }

    public int steps() {
        return steps;
    }

    public double wMax() {
        return wMax;
    }

    public String teacherSha256() {
        return teacherSha256;
    }

    /** The scales w of every entry. */
    public double[] guidance() {
        return guidance.clone();
    }

    /** Target image {@code i} [C, R, R], row-major. */
    public float[] image(int i) {
        int per = channels * resolution * resolution;
        return Arrays.copyOfRange(images, i * per, (i + 1) * per);
    }
}
