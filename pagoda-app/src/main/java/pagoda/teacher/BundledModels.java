package pagoda.teacher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The models that travel with the checkout, {@code <repo>/models/NAME}. The jar lives in
 * {@code <repo>/pagoda-app/target/} (the tests' classes in {@code target/classes/}), so the folder is found
 * by walking up from where this class was loaded; {@code -Dpagoda.models=DIR} points elsewhere.
 */
public final class BundledModels {
    /** The system property that overrides the models folder. */
    public static final String PROPERTY = "pagoda.models";
    private static final int LEVELS_UP = 3;

    private BundledModels() {
    }

    /** Whether {@code text} reads as a model name (letters, digits, '-', '_', '.') rather than a path. */
    public static boolean isName(String text) {
        return text.matches("[A-Za-z0-9][A-Za-z0-9._-]*") && !text.equals("..");
    }

    /** The folders that may hold {@code NAME/}, nearest first. */
    public static List<Path> candidates() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            return List.of(Path.of(override).toAbsolutePath().normalize());
        }
        List<Path> out = new ArrayList<>();
        Path p = codeLocation();
        for (int i = 0; i <= LEVELS_UP && p != null; i++, p = p.getParent()) {
            out.add(p.resolve("models"));
        }
        return out;
    }

    /** The first {@code candidate/NAME} that is a folder, or null. */
    public static Path find(String name) {
        for (Path dir : candidates()) {
            Path m = dir.resolve(name);
            if (Files.isDirectory(m)) {
                return m;
            }
        }
        return null;
    }

    /** The folder holding this class's jar (or the classes folder itself). */
    private static Path codeLocation() {
        CodeSource source = BundledModels.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Path.of("").toAbsolutePath();
        }
        try {
            Path p = Path.of(source.getLocation().toURI()).toAbsolutePath();
            return Files.isDirectory(p) ? p : p.getParent();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Path.of("").toAbsolutePath();
        }
    }
}
