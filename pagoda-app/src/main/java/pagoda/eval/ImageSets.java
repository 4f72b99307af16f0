package pagoda.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import pagoda.data.DataLog;
import pagoda.data.DataSpec;
import pagoda.data.ImageDataset;
import pagoda.data.Split;

/** Opens the image sets the eval options name. */
public final class ImageSets {
    private ImageSets() {
    }

    /** Samples: a {@code .safetensors} sample file or a folder of PNGs, read as they are. */
    public static ImageSet openSamples(String spec) throws IOException {
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) {
            return PngFolderImages.open(path);
        }
        return SafeTensorsImages.open(path);
    }

    /** Whether {@link #openSamples} can try {@code spec}: an existing file or folder. */
    public static boolean recognisesSamples(String spec) {
        return Files.exists(Path.of(spec));
    }

    /**
     * Real images: a {@code .safetensors} file (read as it is), or a data source of the data module
     * ({@code emoji}, {@code fmnist}, {@code emoji:FONT}, {@code fmnist:DIR}, a folder of images with
     * class sub-folders), its {@code split} brought to {@code resolution} x {@code resolution} by the
     * data pipeline, exactly as training reads it; through {@code cache} (null: none) as
     * {@link ImageDataset#open(DataSpec, int, Split, Path, DataLog)} does.
     */
    public static ImageSet openReal(String spec, int resolution, Split split, Path cache, DataLog log) throws IOException {
        if (spec.endsWith(".safetensors")) {
            return SafeTensorsImages.open(Path.of(spec));
        }
        DataSpec data = DataSpec.parse(spec);
        return new DatasetImages(spec, ImageDataset.open(data, resolution, split, cache, log));
    }

    /** Whether {@link #openReal} can try {@code spec}: an existing file or folder, or a data source by name. */
    public static boolean recognisesReal(String spec) {
        if (Files.exists(Path.of(spec))) {
            return true;
        }
        if (spec.endsWith(".safetensors")) {
            return false;
        }
        DataSpec data = DataSpec.parse(spec);
        return data.kind() != DataSpec.Kind.FOLDER;
    }
}
