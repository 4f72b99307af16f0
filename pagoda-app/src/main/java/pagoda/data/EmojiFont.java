package pagoda.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds {@code NotoColorEmoji.ttf}: where fontconfig says it is installed ({@code fc-list}), else in the
 * folders where Debian's fonts-noto-color-emoji and other distributions put it.
 */
public final class EmojiFont {
    /** The font's file name. */
    public static final String FILE_NAME = "NotoColorEmoji.ttf";
    private static final List<Path> KNOWN = List.of(
            Path.of("/usr/share/fonts/truetype/noto", FILE_NAME),
            Path.of("/usr/share/fonts/noto", FILE_NAME),
            Path.of("/usr/share/fonts/google-noto-emoji", FILE_NAME),
            Path.of("/usr/local/share/fonts", FILE_NAME));
    private static final long FC_LIST_SECONDS = 10;

    private EmojiFont() {
    }

    /**
     * The installed font file.
     *
     * @throws DataException when it is nowhere to be found, saying how to install it or pass a path
     */
    public static Path locate() {
        Path fromFontconfig = fcList();
        if (fromFontconfig != null) {
            return fromFontconfig;
        }
        for (Path p : KNOWN) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataException("emoji: " + FILE_NAME + " is not installed (fontconfig does not list it, and it is not in "
                + KNOWN.getFirst().getParent() + "); install it (Debian: apt-get install fonts-noto-color-emoji) or give "
                + "its path as emoji:/path/to/" + FILE_NAME);
    }

    /** The file fontconfig lists under that name, or null when fc-list is absent, fails or does not list it. */
    private static Path fcList() {
        try {
            Process p = new ProcessBuilder("fc-list", "--format", "%{file}\\n").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(FC_LIST_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return null;
            }
            return out.lines().map(String::strip).filter(l -> l.endsWith("/" + FILE_NAME)).map(Path::of)
                    .filter(Files::isRegularFile).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
