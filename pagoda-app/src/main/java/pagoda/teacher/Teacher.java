package pagoda.teacher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.ode.Denoiser;
import pagoda.tensor.Backend;
import pagoda.train.RunFolder;
import pagoda.train.TeacherLoader;
import pagoda.unet.EDMPrecond;
import pagoda.unet.UNetConfig;

/**
 * A frozen teacher as every command takes it with {@code --teacher}: what {@link TeacherLoader} reads (a
 * folder with config.json and model.safetensors, such as a train-teacher run or EDM-format weights in F32,
 * F16 or BF16; or a weights file with its config.json beside it), or the name of a bundled model
 * ({@link BundledModels}: {@code teacher-emoji16} is {@code <repo>/models/teacher-emoji16}). It carries
 * what records need to name it: the name it was given by, its path, and the SHA-256 of its weights.
 */
public final class Teacher {
    /** The teacher commands use when none is named. */
    public static final String DEFAULT = "teacher-emoji16";
    private static final String CONFIG = RunFolder.MODEL_CONFIG;
    private static final String WEIGHTS = RunFolder.MODEL;

    private final String name;
    private final Path path;
    private final EDMPrecond net;
    private final String weightsSha256;

    private Teacher(String name, Path path, EDMPrecond net, String weightsSha256) {
        this.name = name;
        this.path = path;
        this.net = net;
        this.weightsSha256 = weightsSha256;
    }

    /**
     * The path {@code given} names: itself when it exists, else the bundled model of that name.
     *
     * @throws IllegalArgumentException saying where a bundled model was looked for
     */
    public static Path locate(String given) {
        Path p = Path.of(given);
        if (Files.exists(p) || !BundledModels.isName(given)) {
            return p.toAbsolutePath().normalize();
        }
        Path bundled = BundledModels.find(given);
        if (bundled == null) {
            throw new IllegalArgumentException("no teacher folder or bundled model '" + given + "': looked for " + given + "/ ("
                    + CONFIG + " + " + WEIGHTS + ") in " + BundledModels.candidates()
                    + "; train one with ./pagoda train-teacher, or pass its folder");
        }
        return bundled;
    }

    /**
     * Locates and loads a teacher onto {@code backend}, in evaluation mode ({@link TeacherLoader}).
     *
     * @throws IllegalArgumentException when it cannot be found, or its files do not parse or do not fit
     */
    public static Teacher load(String given, Backend backend) throws IOException {
        Path path = locate(given);
        EDMPrecond net = TeacherLoader.load(path, backend);
        Path weights = Files.isDirectory(path) ? path.resolve(WEIGHTS) : path;
        return new Teacher(given, path, net, sha256(weights));
    }

    /** The teacher as the solvers' denoiser (no gradients recorded). */
    public Denoiser denoiser() {
        return new TeacherDenoiser(net);
    }

    /** The name or path it was given by. */
    public String name() {
        return name;
    }

    /** The folder or weights file it was loaded from. */
    public Path path() {
        return path;
    }

    public EDMPrecond net() {
        return net;
    }

    public UNetConfig config() {
        return net.config();
    }

    /** SHA-256 of model.safetensors, lower-case hex (what {@code sha256sum} prints). */
    public String weightsSha256() {
        return weightsSha256;
    }

    /** name, path, weights hash and network config, as manifests and sample files record a teacher. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("path", path.toString());
        m.put("model_sha256", weightsSha256);
        m.put("config", net.config().toJson());
        return m;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
