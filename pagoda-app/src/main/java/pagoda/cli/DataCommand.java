package pagoda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import pagoda.data.DataSpec;
import pagoda.data.ImageDataset;
import pagoda.data.ShuffleStream;
import pagoda.data.Split;
import pagoda.image.ByteImage;
import pagoda.image.PngGrid;
import pagoda.tensor.io.Json;

/**
 * {@code pagoda data}: opens a data set the way training will (decode, reference resize, split, cache) and
 * prints a one-line JSON summary; {@code --grid} also draws a random sample of it. Skipped and dropped items
 * are listed on stderr, one line each.
 */
@Command(name = "data", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Loads a data set at a resolution; prints a JSON summary (counts, dropped, skipped, classes, splits).")
final class DataCommand implements Callable<Integer> {
    private static final int LISTED = 50;

    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "SOURCE", converter = SourceConverter.class,
            description = "emoji (the installed Noto Color Emoji), emoji:FONT.ttf, fmnist (installed Fashion-MNIST), fmnist:DIR, "
                    + "or a folder of images (class sub-folders become labels).")
    DataSpec source;

    @Option(names = "--resolution", required = true, paramLabel = "R", converter = Converters.PositiveInt.class,
            description = "Side of the square images (box halving, bicubic, centre crop as the reference).")
    int resolution;

    @Option(names = "--split", paramLabel = "SPLIT", converter = SplitConverter.class,
            description = "train, test (the fixed held-out part) or all (default: ${DEFAULT-VALUE}).")
    Split split = Split.ALL;

    @Option(names = "--cache", paramLabel = "FILE",
            description = "Reads the decoded images from FILE (safetensors) when it matches, else writes them there.")
    Path cache;

    @Option(names = "--grid", paramLabel = "PNG", description = "Writes a grid of a random sample of the images.")
    Path grid;

    @Option(names = "--grid-n", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Images in the grid (default: ${DEFAULT-VALUE}).")
    int gridN = 64;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the grid's sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--flip", description = "Mirrors the grid's images (to check the flip).")
    boolean flip;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        ImageDataset ds = ImageDataset.open(source, resolution, split, cache, line -> err.println(name + ": " + line));
        Map<String, Object> summary = ds.summary(LISTED);
        if (cache != null) {
            summary.put("cache", cache.toString());
        }
        if (grid != null) {
            if (ds.size() == 0) {
                throw new IllegalStateException("the " + split + " split is empty; no grid to draw");
            }
            ShuffleStream stream = ds.shuffle(seed);
            List<ByteImage> images = new ArrayList<>();
            for (int k = 0; k < Math.min(gridN, ds.size()); k++) {
                ByteImage img = ds.image(stream.next());
                images.add(flip ? img.flipHorizontal() : img);
            }
            PngGrid.write(grid, images, PngGrid.squareColumns(images.size()), 1);
            summary.put("grid", grid.toString());
        }
        spec.commandLine().getOut().println(Json.write(summary));
        return 0;
    }

    static final class SourceConverter implements ITypeConverter<DataSpec> {
        @Override
        public DataSpec convert(String value) {
            try {
                return DataSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class SplitConverter implements ITypeConverter<Split> {
        @Override
        public Split convert(String value) {
            try {
                return Split.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
