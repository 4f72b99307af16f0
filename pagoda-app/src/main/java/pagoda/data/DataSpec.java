package pagoda.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names a data source, as users write it:
 * <ul>
 *   <li>{@code emoji}: the installed Noto Color Emoji font ({@link EmojiFont#locate}); {@code emoji:FILE} or
 *       any {@code FILE.ttf}: that font;</li>
 *   <li>{@code fmnist}: the installed Fashion-MNIST; {@code fmnist:DIR}: the four IDX files in DIR;</li>
 *   <li>any other text: a folder of images ({@link ImageFolder}).</li>
 * </ul>
 * A spec whose path is null is located on {@link #resolve}.
 */
public record DataSpec(Kind kind, Path path) {

    /** The kinds of source. */
    public enum Kind {
        EMOJI, FMNIST, FOLDER;

        @Override
        public String toString() {
            return this == FOLDER ? "folder" : name().toLowerCase(Locale.ROOT);
        }
    }

    public static DataSpec parse(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the data source is empty; expected emoji, fmnist or a folder");
        }
        if (t.equals("emoji")) {
            return new DataSpec(Kind.EMOJI, null);
        }
        if (t.equals("fmnist")) {
            return new DataSpec(Kind.FMNIST, null);
        }
        if (t.startsWith("emoji:")) {
            return new DataSpec(Kind.EMOJI, Path.of(t.substring("emoji:".length())));
        }
        if (t.startsWith("fmnist:")) {
            return new DataSpec(Kind.FMNIST, Path.of(t.substring("fmnist:".length())));
        }
        if (t.toLowerCase(Locale.ROOT).endsWith(".ttf")) {
            return new DataSpec(Kind.EMOJI, Path.of(t));
        }
        return new DataSpec(Kind.FOLDER, Path.of(t));
    }

    /**
     * This spec with its path located and checked.
     *
     * @throws DataException when the source is not installed or the path is not what the kind needs
     */
    public DataSpec resolve() {
        Path p = switch (kind) {
            case EMOJI -> path == null ? EmojiFont.locate() : path;
            case FMNIST -> path == null ? FashionMnist.locate() : path;
            case FOLDER -> path;
        };
        boolean ok = kind == Kind.EMOJI ? Files.isRegularFile(p) : Files.isDirectory(p);
        if (!ok) {
            String want = kind == Kind.EMOJI ? "a font file" : "a folder";
            throw new DataException(kind + " source " + p + ": not " + want + (Files.exists(p) ? "" : " (it does not exist)"));
        }
        return new DataSpec(kind, p.toAbsolutePath().normalize());
    }

    /** Lists the (resolved) source. */
    ImageSource open() throws IOException {
        DataSpec r = path == null ? resolve() : this;
        return switch (kind) {
            case EMOJI -> EmojiSource.open(r.path);
            case FMNIST -> FashionMnist.open(r.path);
            case FOLDER -> ImageFolder.open(r.path);
        };
    }

    /**
     * A hash of everything the decoded images depend on: the font's or IDX files' bytes, or for a folder
     * every file's relative path, size and modification time (hashing a large folder's content would cost
     * as much as decoding it), plus the rules the source applies.
     */
    String fingerprint() throws IOException {
        DataSpec r = path == null ? resolve() : this;
        MessageDigest md = sha256();
        md.update((kind + "\n").getBytes(StandardCharsets.UTF_8));
        switch (kind) {
            case EMOJI -> {
                digestFile(md, r.path);
                md.update(("rules: swatches " + Arrays.toString(EmojiSource.SKIN_TONE_MODIFIERS) + ", near-constant std < "
                        + EmojiSource.NEAR_CONSTANT_STD).getBytes(StandardCharsets.UTF_8));
            }
            case FMNIST -> {
                for (Path f : FashionMnist.files(r.path)) {
                    if (Files.isRegularFile(f)) {
                        digestFile(md, f);
                    }
                }
            }
            case FOLDER -> {
                for (Path f : ImageFolder.files(r.path)) {
                    md.update((ImageFolder.relative(r.path, f) + "\t" + Files.size(f) + "\t" + Files.getLastModifiedTime(f).toMillis()
                            + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void digestFile(MessageDigest md, Path f) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The canonical text of this spec, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return switch (kind) {
            case EMOJI, FMNIST -> path == null ? kind.toString() : kind + ":" + path;
            case FOLDER -> path.toString();
        };
    }
}
