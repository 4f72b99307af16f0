package pagoda.api;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import pagoda.decoder.DecoderRun;
import pagoda.decoder.GeneratorFiles;
import pagoda.decoder.OneStepGenerator;
import pagoda.decoder.OneStepSamples;
import pagoda.image.ByteImage;
import pagoda.image.OnWhite;
import pagoda.inverse.ImageTensors;
import pagoda.inverse.RecordedTeacher;
import pagoda.inverse.SuperResolution;
import pagoda.inverse.TeacherEncoder;
import pagoda.ode.Encoder;
import pagoda.teacher.BundledModels;
import pagoda.teacher.Teacher;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;

/**
 * PaGoDA for embedders: a one-step generator (and, for super-resolution, its teacher) on a CPU backend of its
 * own, which {@link #close} releases. Not thread-safe: one Pagoda per thread, or calls in turn.
 *
 * <pre>{@code
 * try (Pagoda pagoda = Pagoda.open("generator-emoji16")) {
 *     Images samples = pagoda.sample(16, 42);
 *     BufferedImage large = pagoda.superResolve(samples.image(0));
 * }
 * }</pre>
 */
public final class Pagoda implements AutoCloseable {
    private final CpuBackend backend;
    private final OneStepGenerator generator;
    private final Path folder;
    private final String teacherGiven;
    private Teacher teacher;
    private Encoder encoder;

    private Pagoda(CpuBackend backend, OneStepGenerator generator, Path folder, String teacherGiven) {
        this.backend = backend;
        this.generator = generator;
        this.folder = folder;
        this.teacherGiven = teacherGiven;
    }

    /**
     * Loads a generator: a folder ({@code train-decoder} run, an export of one) or the name of a model under
     * {@code models/}. Super-resolution uses the teacher its {@code generator.json} names. All processors.
     *
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public static Pagoda open(String generator) throws IOException {
        return open(generator, null, Backends.defaultThreads());
    }

    /**
     * @param teacher a teacher folder, weights file or bundled name for super-resolution; null: the one the
     *                generator's {@code generator.json} names
     * @param threads threads of the CPU backend
     */
    public static Pagoda open(String generator, String teacher, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Path dir = locate(generator);
        CpuBackend backend = new CpuBackend(threads);
        try {
            OneStepGenerator g = GeneratorFiles.load(dir, backend);
            return new Pagoda(backend, g, dir, teacher);
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    private static Path locate(String given) {
        Path p = Path.of(given);
        if (Files.exists(p) || !BundledModels.isName(given)) {
            return p;
        }
        Path bundled = BundledModels.find(given);
        if (bundled == null) {
            throw new IllegalArgumentException("no generator folder or bundled model '" + given + "': looked in "
                    + BundledModels.candidates());
        }
        return bundled;
    }

    /** The side of the images the generator makes. */
    public int resolution() {
        return generator.resolution();
    }

    /** The side of the teacher's images, the input of {@link #superResolve}. */
    public int teacherResolution() {
        return generator.latentResolution();
    }

    /** Image channels: 3 (RGB) or 1 (grey). */
    public int channels() {
        return generator.channels();
    }

    /** Classes of a class-conditional generator, 0 for an unconditional one. */
    public int classes() {
        return generator.classes();
    }

    /**
     * {@code n} one-step samples; sample i comes from the noise stream (seed, i), as {@code ./pagoda sample
     * --seed} draws it, and class i mod K for a class-conditional generator.
     */
    public Images sample(int n, long seed) {
        return sample(n, seed, -1);
    }

    /** {@code n} samples of class {@code label} (-1: class i mod K for sample i). */
    public Images sample(int n, long seed, int label) {
        return new Images(new OneStepSamples(seed, label).generate(generator, backend, n, 64, done -> {
        }));
    }

    /**
     * Super-resolution: {@code image} brought to the teacher's resolution (the data pipeline: PIL-exact box
     * halvings, bicubic, centre crop; alpha over white), encoded by the teacher's PF-ODE (40 levels, as
     * {@code ./pagoda encode}) and decoded by the generator at its resolution.
     */
    public BufferedImage superResolve(BufferedImage image) {
        return superResolve(image, -1);
    }

    /** {@link #superResolve(BufferedImage)} of an image of class {@code label} (class-conditional models). */
    public BufferedImage superResolve(BufferedImage image, int label) {
        if (generator.classes() > 0 && (label < 0 || label >= generator.classes())) {
            throw new IllegalArgumentException("the generator is class-conditional: give the image's class, 0 .. " + (generator.classes() - 1));
        }
        ByteImage rgb = ImageTensors.toChannels(OnWhite.rgb(image), generator.channels());
        ByteImage low = ImageTensors.toResolution(List.of(rgb), generator.latentResolution()).getFirst();
        Tensor labels = null;
        if (generator.classes() > 0 && teacher().config().labelDim() > 0) {
            float[] oneHot = new float[generator.classes()];
            oneHot[label] = 1;
            labels = Tensor.of(backend, oneHot, 1, generator.classes());
        }
        Tensor high = new SuperResolution(generator, encoder()).run(ImageTensors.of(backend, List.of(low)), labels);
        return new Images(high).image(0);
    }

    private Teacher teacher() {
        if (teacher == null) {
            try {
                teacher = Teacher.load(teacherGiven != null ? teacherGiven : recordedTeacher(), backend);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (teacher.config().imgResolution() != generator.latentResolution() || teacher.config().imgChannels() != generator.channels()) {
                throw new IllegalArgumentException("teacher " + teacher.name() + " works on " + teacher.config().imgResolution()
                        + "x" + teacher.config().imgResolution() + " images; the generator's latents are " + generator.latentResolution()
                        + "x" + generator.latentResolution());
            }
        }
        return teacher;
    }

    private Encoder encoder() {
        if (encoder == null) {
            encoder = TeacherEncoder.of(teacher(), Encoder.PAGODA_LEVELS);
        }
        return encoder;
    }

    private String recordedTeacher() throws IOException {
        String t = RecordedTeacher.of(folder);
        if (t == null) {
            throw new IllegalArgumentException(folder.resolve(DecoderRun.GENERATOR) + " names no teacher; pass one to "
                    + "Pagoda.open(generator, teacher, threads)");
        }
        return t;
    }

    /** Releases the backend's threads. */
    @Override
    public void close() {
        backend.close();
    }
}
