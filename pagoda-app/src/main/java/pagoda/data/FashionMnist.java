package pagoda.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import pagoda.image.ByteImage;

/**
 * Fashion-MNIST (Xiao et al. 2017; Debian package dataset-fashion-mnist): 60,000 training and 10,000 test
 * images of 28 x 28 grey pixels (0 = background, 255 = ink, as published), ten classes. The published
 * split is kept: the t10k files are the held-out part. Ids are 0 .. 59,999 for the training file and
 * 60,000 .. 69,999 for the test file.
 */
final class FashionMnist implements ImageSource {
    static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot");
    static final String PACKAGE = "dataset-fashion-mnist";
    static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"};

    private final Path dir;
    private final Part train;
    private final Part test;

    private record Part(byte[] images, byte[] labels, int count, int rows, int cols) {
    }

    private FashionMnist(Path dir, Part train, Part test) {
        this.dir = dir;
        this.train = train;
        this.test = test;
    }

    /** Reads the four files of {@code dir} (each plain or gzip-compressed). */
    static FashionMnist open(Path dir) throws IOException {
        return new FashionMnist(dir, part(file(dir, FILES[0]), file(dir, FILES[1])), part(file(dir, FILES[2]), file(dir, FILES[3])));
    }

    /** The four files of {@code dir}, in the order of {@link #FILES}. */
    static List<Path> files(Path dir) {
        return Arrays.stream(FILES).map(f -> file(dir, f)).toList();
    }

    /** The installed folder: from {@code dpkg -L}, else Debian's path. */
    static Path locate() {
        Path fromDpkg = dpkgFolder();
        if (fromDpkg != null) {
            return fromDpkg;
        }
        if (Files.isDirectory(DEBIAN_DIR)) {
            return DEBIAN_DIR;
        }
        throw new DataException("fmnist: Fashion-MNIST is not installed (" + PACKAGE + " is not known to dpkg and " + DEBIAN_DIR
                + " does not exist); install it (apt-get install " + PACKAGE + ") or give its folder as fmnist:/path/to/folder");
    }

    private static Path dpkgFolder() {
        try {
            Process p = new ProcessBuilder("dpkg", "-L", PACKAGE).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return null;
            }
            return out.lines().map(String::strip).filter(l -> l.endsWith("/" + FILES[0] + ".gz") || l.endsWith("/" + FILES[0]))
                    .map(l -> Path.of(l).getParent()).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Path file(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        return Files.exists(gz) || !Files.exists(dir.resolve(name)) ? gz : dir.resolve(name);
    }

    private static Part part(Path imagesFile, Path labelsFile) throws IOException {
        for (Path f : List.of(imagesFile, labelsFile)) {
            if (!Files.isRegularFile(f)) {
                throw new DataException("fmnist: " + f + " (or the same name without .gz) does not exist");
            }
        }
        Idx images = Idx.read(imagesFile);
        Idx labels = Idx.read(labelsFile);
        if (images.dims().length != 3) {
            throw new MalformedDataException(imagesFile, "header", "images need 3 dimensions [N, rows, cols], got "
                    + Arrays.toString(images.dims()));
        }
        if (labels.dims().length != 1 || labels.dims()[0] != images.dims()[0]) {
            throw new MalformedDataException(labelsFile, "header", "labels " + Arrays.toString(labels.dims())
                    + " do not match the " + images.dims()[0] + " images of " + imagesFile.getFileName());
        }
        byte[] l = labels.data();
        for (int i = 0; i < l.length; i++) {
            if ((l[i] & 0xFF) >= CLASSES.size()) {
                throw new MalformedDataException(labelsFile, "label " + i + " (offset " + (8 + i) + ")", "value " + (l[i] & 0xFF)
                        + " is not a class 0 .. " + (CLASSES.size() - 1));
            }
        }
        return new Part(images.data(), l, images.dims()[0], images.dims()[1], images.dims()[2]);
    }

    @Override
    public String kind() {
        return "fmnist";
    }

    @Override
    public String location() {
        return dir.toString();
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public List<String> classes() {
        return CLASSES;
    }

    @Override
    public int size() {
        return train.count() + test.count();
    }

    @Override
    public SourceItem item(int index) {
        boolean isTest = index >= train.count();
        Part p = isTest ? test : train;
        int i = isTest ? index - train.count() : index;
        int n = p.rows() * p.cols();
        byte[] pixels = Arrays.copyOfRange(p.images(), i * n, (i + 1) * n);
        return new SourceItem.Kept(index, p.labels()[i], isTest, new ByteImage(1, p.rows(), p.cols(), pixels));
    }

    @Override
    public List<SourceItem.Skipped> listingSkips() {
        return List.of();
    }
}
