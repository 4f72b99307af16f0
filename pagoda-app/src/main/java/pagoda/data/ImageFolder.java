package pagoda.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import pagoda.image.OnWhite;

/**
 * A folder of images, read with ImageIO (PNG, JPEG, BMP, GIF, TIFF, WBMP) and converted to RGB with alpha
 * composited onto white. When the folder has sub-folders, each is a class (labels in the sorted order of
 * their names) holding the images anywhere beneath it, and files directly in the folder are skipped;
 * otherwise the images are unlabelled. Hidden files and folders (names starting with '.') are ignored.
 *
 * <p>Files that are not images, or that fail to decode, are skipped and reported, never fatal. The id of
 * an image is a 63-bit hash (SHA-256) of its path relative to the folder, so ids, and with them the
 * held-out split, stay put when other files come and go.
 */
final class ImageFolder implements ImageSource {
    private final Path root;
    private final List<String> classes;
    private final List<Entry> entries;
    private final List<SourceItem.Skipped> listingSkips;

    /** A file to decode: its path relative to the root ('/'-separated), label and id. */
    private record Entry(String relative, int label, long id) {
    }

    private ImageFolder(Path root, List<String> classes, List<Entry> entries, List<SourceItem.Skipped> listingSkips) {
        this.root = root;
        this.classes = classes;
        this.entries = entries;
        this.listingSkips = listingSkips;
    }

    static ImageFolder open(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new DataException(root + ": not a folder" + (Files.exists(root) ? "" : " (it does not exist)"));
        }
        List<Path> files = files(root);
        List<String> classes = new ArrayList<>();
        try (Stream<Path> top = Files.list(root)) {
            top.filter(p -> Files.isDirectory(p) && !hidden(p)).map(p -> p.getFileName().toString()).sorted().forEach(classes::add);
        }
        List<Entry> entries = new ArrayList<>();
        List<SourceItem.Skipped> skips = new ArrayList<>();
        for (Path f : files) {
            String rel = relative(root, f);
            int label = -1;
            if (!classes.isEmpty()) {
                int slash = rel.indexOf('/');
                if (slash < 0) {
                    skips.add(new SourceItem.Skipped(rel, "not in a class folder (the folder has class sub-folders)"));
                    continue;
                }
                label = classes.indexOf(rel.substring(0, slash));
            }
            entries.add(new Entry(rel, label, id(rel)));
        }
        return new ImageFolder(root, List.copyOf(classes), entries, List.copyOf(skips));
    }

    /** Every regular, non-hidden file under {@code root}, sorted by relative path. */
    static List<Path> files(Path root) throws IOException {
        Map<String, Path> sorted = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root) && Files.isRegularFile(p) && !underHidden(root, p))
                    .forEach(p -> sorted.put(relative(root, p), p));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return List.copyOf(sorted.values());
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(root.getFileSystem().getSeparator(), "/");
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static boolean underHidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** The first 63 bits of SHA-256 of the relative path. */
    static long id(String relative) {
        byte[] h = DataSpec.sha256().digest(relative.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            v = (v << 8) | (h[i] & 0xFF);
        }
        return v >>> 1;
    }

    @Override
    public String kind() {
        return "folder";
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public SourceItem item(int index) {
        Entry e = entries.get(index);
        BufferedImage img;
        try {
            img = ImageIO.read(root.resolve(e.relative()).toFile());
        } catch (IOException | RuntimeException ex) {
            return new SourceItem.Skipped(e.relative(), "cannot be decoded: " + ex.getMessage());
        }
        if (img == null) {
            return new SourceItem.Skipped(e.relative(), "not an image format this JVM reads (PNG, JPEG, BMP, GIF, TIFF, WBMP)");
        }
        return new SourceItem.Kept(e.id(), e.label(), HeldOut.isTest(e.id()), OnWhite.rgb(img));
    }

    @Override
    public List<SourceItem.Skipped> listingSkips() {
        return listingSkips;
    }
}
