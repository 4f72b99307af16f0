package pagoda.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.image.ByteImage;

/** Decoding, cropping, compositing and the drop rules of the emoji source, on a font built here. */
class EmojiSourceTest {
    private static final int W = 136;
    private static final int H = 128;

    @TempDir
    Path dir;

    /** Red bands in the 4 columns on each side that the crop removes; inside, a half-transparent pattern. */
    private static BufferedImage framed() {
        return TestImages.argb(W, H, (x, y) -> {
            if (x < 4 || x >= W - 4) {
                return 0xFFFF0000;
            }
            int alpha = (x * 3 + y) & 0xFF;
            return (alpha << 24) | ((x & 0xFF) << 16) | ((y * 2 & 0xFF) << 8) | 0x40;
        });
    }

    private Path font() throws IOException {
        byte[] framed = TestImages.png(framed());
        byte[] blank = TestImages.png(TestImages.argb(W, H, (x, y) -> 0x00123456));
        byte[] swatch = TestImages.png(TestImages.argb(W, H, (x, y) -> 0xFFE0B090 - y));
        byte[] font = new SyntheticFont()
                .subTable(1, 17, new SyntheticFont.Glyph(4, framed), new SyntheticFont.Glyph(5, blank), new SyntheticFont.Glyph(6, swatch))
                .subTable(1, 17, new SyntheticFont.Glyph(9, "not a png".getBytes()))
                .map(0x1F3FD, 6)
                .build();
        return Files.write(dir.resolve("tiny.ttf"), font);
    }

    @Test
    void keepsCropsAndCompositesAndDropsByRule() throws IOException {
        EmojiSource src = EmojiSource.open(font());
        assertEquals(4, src.size());
        Map<Integer, SourceItem> byGlyph = new TreeMap<>();
        for (int i = 0; i < src.size(); i++) {
            byGlyph.put(src.glyphId(i), src.item(i));
        }
        SourceItem.Kept kept = assertInstanceOf(SourceItem.Kept.class, byGlyph.get(4));
        assertEquals(4, kept.id());
        assertEquals(-1, kept.label());
        ByteImage img = kept.image();
        assertEquals(new ByteImage(3, H, H, new byte[3 * H * H]).toString(), img.toString());
        BufferedImage source = framed();
        for (int y = 0; y < H; y += 7) {
            for (int x = 0; x < H; x += 5) {
                int p = source.getRGB(x + 4, y);
                int a = p >>> 24;
                for (int c = 0; c < 3; c++) {
                    int v = (p >> (16 - 8 * c)) & 0xFF;
                    long want = Math.round(v * a / 255.0 + 255 - a);
                    assertEquals(want, img.get(c, y, x), "channel " + c + " at (" + y + ", " + x + ")");
                }
            }
        }
        SourceItem.Dropped blank = assertInstanceOf(SourceItem.Dropped.class, byGlyph.get(5));
        assertEquals("near-constant", blank.rule());
        SourceItem.Dropped swatch = assertInstanceOf(SourceItem.Dropped.class, byGlyph.get(6));
        assertEquals("skin-tone swatch", swatch.rule());
        assertEquals("U+1F3FD", swatch.detail());
        SourceItem.Skipped junk = assertInstanceOf(SourceItem.Skipped.class, byGlyph.get(9));
        assertTrue(junk.reason().contains("is not a PNG image"), junk.reason());
    }

    @Test
    void theDataSetReportsKeptDroppedAndSkipped() throws IOException {
        ImageDataset ds = ImageDataset.open(DataSpec.parse("emoji:" + font()), 16, Split.ALL);
        assertEquals(1, ds.size());
        assertEquals(List.of("near-constant", "skin-tone swatch"), ds.dropped().stream().map(SourceItem.Dropped::rule).toList());
        assertEquals(List.of("glyph 9"), ds.skipped().stream().map(SourceItem.Skipped::item).toList());
        assertEquals(3, ds.channels());
        assertEquals(16, ds.resolution());
    }
}
