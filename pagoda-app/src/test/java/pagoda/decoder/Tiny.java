package pagoda.decoder;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.random.Philox;
import pagoda.teacher.TeacherDenoiser;
import pagoda.teacher.TinyTeacher;
import pagoda.train.Progress;
import pagoda.train.StopSignal;
import pagoda.unet.EDMPrecond;

/**
 * Small things for decoder tests: the tiny teacher of {@link TinyTeacher} (8x8, two levels, attention at 4x4)
 * with every weight perturbed, so that its output conv is not zero and G's output depends on its input; and
 * in-memory pairs of smooth images with made-up latents.
 */
final class Tiny {
    static final Backend CPU = Backends.cpu();
    static final int RESOLUTION = TinyTeacher.RESOLUTION;
    static final int BATCH = 4;

    private Tiny() {
    }

    /** A seeded tiny teacher with perturbed weights, in evaluation mode. */
    static EDMPrecond teacher(int classes, long seed) {
        EDMPrecond net = new EDMPrecond(TinyTeacher.config(3, classes), CPU, seed);
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
        net.loadStateDict(state, true);
        net.eval();
        return net;
    }

    /** {@code size} pairs: smooth images in [-0.8, 0.8] and seeded latents of about the encoder's scale (80). */
    static DecoderData pairs(int size, int classes) {
        return pairs(size, classes, RESOLUTION);
    }

    /** As {@link #pairs(int, int)}, the images at {@code imageResolution} (for a grown generator). */
    static DecoderData pairs(int size, int classes, int imageResolution) {
        return new DecoderData() {
            private final int per = 3 * RESOLUTION * RESOLUTION;
            private final int perImage = 3 * imageResolution * imageResolution;
            private final float[] images = images(size, perImage, imageResolution);
            private final float[] latents = latents(size, per);

            @Override
            public int size() {
                return size;
            }

            @Override
            public int channels() {
                return 3;
            }

            @Override
            public int resolution() {
                return RESOLUTION;
            }

            @Override
            public int imageResolution() {
                return imageResolution;
            }

            @Override
            public int classes() {
                return classes;
            }

            @Override
            public Batch batch(Backend backend, int[] pairs) {
                float[] x = new float[pairs.length * perImage];
                float[] z = new float[pairs.length * per];
                float[] y = new float[pairs.length * Math.max(classes, 1)];
                for (int i = 0; i < pairs.length; i++) {
                    System.arraycopy(images, pairs[i] * perImage, x, i * perImage, perImage);
                    System.arraycopy(latents, pairs[i] * per, z, i * per, per);
                    if (classes > 0) {
                        y[i * classes + pairs[i] % classes] = 1;
                    }
                }
                return new Batch(Tensor.of(backend, z, pairs.length, 3, RESOLUTION, RESOLUTION),
                        Tensor.of(backend, x, pairs.length, 3, imageResolution, imageResolution),
                        classes > 0 ? Tensor.of(backend, y, pairs.length, classes) : null);
            }
        };
    }

    private static float[] images(int size, int per, int r) {
        float[] out = new float[size * per];
        float[] p = new float[4];
        for (int i = 0; i < size; i++) {
            Philox.fill(p, 0, 4, 77, i * 4L, false, 0f, 1f);
            for (int c = 0; c < 3; c++) {
                for (int yy = 0; yy < r; yy++) {
                    for (int xx = 0; xx < r; xx++) {
                        double v = Math.sin(6.28 * (p[0] * xx / r + p[1] * yy / r) + p[2] * 6.28 + c);
                        out[i * per + (c * r + yy) * r + xx] = (float) (0.8 * v * p[3]);
                    }
                }
            }
        }
        return out;
    }

    private static float[] latents(int size, int per) {
        float[] out = new float[size * per];
        Philox.fill(out, 0, out.length, 99, 0, true, 0f, 80f);
        return out;
    }

    /** Options for a few steps: batch 4, logs every step, no grids unless asked. */
    static DecoderConfig options(long duration, long checkpointEvery, Map<String, Object> overrides) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("batch", (long) BATCH);
        o.put("duration", duration);
        o.put("lr_g", 1e-3);
        o.put("lr_d", 2e-3);
        o.put("ema_decay", 0.9);
        o.put("seed", 5L);
        o.put("checkpoint_every", checkpointEvery);
        o.put("log_every", (long) BATCH);
        o.put("grid_every", 0L);
        o.put("grid_size", 2L);
        o.put("discriminator_width", 8L);
        o.putAll(overrides);
        return DecoderConfig.defaults("tiny-teacher", "tiny-pairs").with(o, "test");
    }

    static DecoderRun run(Path dir, int classes, DecoderConfig options) throws IOException {
        return DecoderRun.create(dir, Generator.configOf(TinyTeacher.config(3, classes)).withGuidanceEmbedding(options.guided()),
                options, Map.of("name", "tiny"));
    }

    static DecoderTrainer trainer(DecoderRun run, int classes, StopSignal stop) throws IOException {
        Progress progress = new Progress(quiet(), false, run.options().duration());
        return new DecoderTrainer(run, pairs(10, classes), teacher(classes, 11), CPU, progress, stop, Double.POSITIVE_INFINITY);
    }

    /** A guidance bank of the tiny teacher {@code teacher(classes, 11)} (the trainer's): n entries, w in [1, 3], 3 levels. */
    static Path bank(Path file, int classes, int n) throws IOException {
        GuidanceBank.build(new TeacherDenoiser(teacher(classes, 11)), "tiny", 3, RESOLUTION, classes, CPU, n, 3, 3, 21, 4, d -> { })
                .write(file);
        return file;
    }

    static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
