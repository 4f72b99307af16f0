package pagoda.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The installed Noto Color Emoji (Debian fonts-noto-color-emoji); skipped when the package is absent. */
class RealEmojiFontTest {
    private static final Path FONT = Path.of("/usr/share/fonts/truetype/noto", EmojiFont.FILE_NAME);

    private static void assumeFont() {
        assumeTrue(Files.isRegularFile(FONT), "fonts-noto-color-emoji is not installed (no " + FONT + ")");
    }

    @Test
    void holds3926PngBitmapsOf136By128() throws IOException {
        assumeFont();
        CbdtBitmaps.Strike s = CbdtBitmaps.read(Sfnt.read(FONT));
        assertEquals(3926, s.bitmaps().size());
        assertEquals(0, s.skipped().size());
        assertEquals(5, CmapFormat12.glyphs(Sfnt.read(FONT), EmojiSource.SKIN_TONE_MODIFIERS).size(),
                "the font maps all five Fitzpatrick modifiers");
    }

    @Test
    void decodesEveryBitmapAndDropsTheSwatches() throws IOException {
        assumeFont();
        ImageDataset ds = ImageDataset.open(DataSpec.parse("emoji:" + FONT), 16, Split.ALL);
        Map<String, Long> byRule = ds.dropped().stream().collect(Collectors.groupingBy(SourceItem.Dropped::rule, Collectors.counting()));
        System.out.println("Noto Color Emoji: " + ds.size() + " kept, dropped " + byRule + ", skipped " + ds.skipped().size());
        assertEquals(3926, ds.size() + ds.dropped().size() + ds.skipped().size());
        assertEquals(0, ds.skipped().size());
        assertEquals(5L, byRule.get("skin-tone swatch"));
        int test = 0;
        for (int i = 0; i < ds.size(); i++) {
            test += HeldOut.isTest(ds.id(i)) ? 1 : 0;
        }
        assertTrue(test > 0 && test < ds.size(), "both splits are non-empty");
    }
}
