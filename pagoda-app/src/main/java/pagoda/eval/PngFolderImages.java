package pagoda.eval;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * A folder of PNG images of one size (its {@code *.png} files, sorted by name; sub-folders are not
 * read), as RGB in [-1, 1]: 8-bit sRGB values v map to v / 127.5 - 1, grey images are repeated to three
 * channels, and transparent pixels are composited over white.
 */
public final class PngFolderImages implements ImageSource {
    private final Path folder;
    private final List<Path> files;
    private final int height;
    private final int width;

    private PngFolderImages(Path folder, List<Path> files, int height, int width) {
        this.folder = folder;
        this.files = files;
        this.height = height;
        this.width = width;
    }

    public static PngFolderImages open(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png") && Files.isRegularFile(p))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(folder + ": no .png files in this folder");
        }
        BufferedImage first = decode(files.get(0));
        return new PngFolderImages(folder, files, first.getHeight(), first.getWidth());
    }

    private static BufferedImage decode(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException(file + ": not a readable PNG image");
        }
        return img;
    }

    @Override
    public String describe() {
        return folder.toString();
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public Tensor read(int from, int to, Backend backend) throws IOException {
        int plane = height * width;
        float[] v = new float[(to - from) * 3 * plane];
        for (int n = from; n < to; n++) {
            Path file = files.get(n);
            BufferedImage img = decode(file);
            if (img.getHeight() != height || img.getWidth() != width) {
                throw new IllegalArgumentException(file + ": " + img.getWidth() + "x" + img.getHeight() + " pixels, but "
                        + files.get(0).getFileName() + " and the images before it are " + width + "x" + height);
            }
            int base = (n - from) * 3 * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int argb = img.getRGB(x, y);
                    float alpha = (argb >>> 24) / 255f;
                    for (int c = 0; c < 3; c++) {
                        int value = (argb >>> (16 - 8 * c)) & 0xFF;
                        float over = alpha * value + (1 - alpha) * 255f;
                        v[base + c * plane + y * width + x] = over / 127.5f - 1f;
                    }
                }
            }
        }
        return Tensor.of(backend, v, to - from, 3, height, width);
    }
}
