package pagoda.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Opens the image set an eval option names: a sample file, a folder of PNGs or a data set. */
public final class ImageSources {
    /** The data sets by name; the data module reads them. */
    public static final Set<String> DATA_SETS = Set.of("emoji", "fmnist");

    private ImageSources() {
    }

    /** True when {@code spec} names something {@link #open} can try: an existing file or folder, or a data set. */
    public static boolean recognises(String spec) {
        return Files.exists(Path.of(spec)) || DATA_SETS.contains(spec);
    }

    /**
     * {@code spec} is a {@code .safetensors} sample file, a folder of PNG images or a data set name.
     *
     * @throws IllegalArgumentException when it is none of these
     */
    public static ImageSource open(String spec) throws IOException {
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) {
            return PngFolderImages.open(path);
        }
        if (spec.endsWith(".safetensors")) {
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(spec + ": no such file");
            }
            return SafeTensorsImages.open(path);
        }
        if (DATA_SETS.contains(spec)) {
            throw new IllegalArgumentException("the data set '" + spec + "' is read by the data module (pagoda.data), which "
                    + "this build does not include yet; pass a .safetensors sample file or a folder of PNGs");
        }
        throw new IllegalArgumentException("'" + spec + "' is neither a .safetensors file, a folder of PNG images nor a data set ("
                + String.join(", ", DATA_SETS.stream().sorted().toList()) + ")");
    }
}
