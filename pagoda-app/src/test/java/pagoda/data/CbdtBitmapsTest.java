package pagoda.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sfnt directory, CBLC index formats 1-5, CBDT image formats 17-19 and the cmap, on fonts built here. */
class CbdtBitmapsTest {
    private static final Path FILE = Path.of("synthetic.ttf");

    private static SyntheticFont.Glyph glyph(int id, int salt) {
        byte[] data = new byte[7 + salt];
        Arrays.fill(data, (byte) salt);
        return new SyntheticFont.Glyph(id, data);
    }

    private static byte[] allFormats() {
        return new SyntheticFont()
                .subTable(1, 17, glyph(1, 1), glyph(3, 3))
                .subTable(3, 18, glyph(5, 5), glyph(6, 6))
                .subTable(4, 17, glyph(10, 10), glyph(12, 12))
                .subTable(2, 19, glyph(20, 20), glyph(21, 21))
                .subTable(5, 19, glyph(30, 30), glyph(33, 33))
                .subTable(1, 1, glyph(40, 40))
                .map(0x1F3FB, 6).map(0x1F600, 1)
                .build();
    }

    @Test
    void everyIndexFormatYieldsItsGlyphsAndTheirExactBytes() {
        CbdtBitmaps.Strike s = CbdtBitmaps.read(Sfnt.parse(FILE, allFormats()));
        assertEquals(109, s.ppemY());
        List<Integer> ids = s.bitmaps().stream().map(CbdtBitmaps.GlyphPng::glyphId).toList();
        assertEquals(List.of(1, 3, 5, 6, 10, 12, 20, 21, 30, 33), ids, "glyph 2 of the dense range has an empty record");
        for (CbdtBitmaps.GlyphPng g : s.bitmaps()) {
            byte[] want = new byte[7 + g.glyphId()];
            Arrays.fill(want, (byte) g.glyphId());
            assertArrayEquals(want, g.png(), "glyph " + g.glyphId());
        }
        assertEquals(1, s.skipped().size());
        assertEquals(40, s.skipped().getFirst().glyphId());
        assertTrue(s.skipped().getFirst().reason().contains("image format 1 is not PNG"), s.skipped().getFirst().reason());
    }

    @Test
    void cmapFormat12MapsCodePointsAboveTheBmp() {
        Map<Integer, Integer> m = CmapFormat12.glyphs(Sfnt.parse(FILE, allFormats()), 0x1F3FB, 0x1F3FC, 0x1F600);
        assertEquals(Map.of(0x1F3FB, 6, 0x1F600, 1), m);
    }

    @Test
    void aTruncatedFontNamesTheTableThatRunsPastTheEnd() {
        byte[] font = allFormats();
        byte[] cut = Arrays.copyOf(font, font.length - 40);
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Sfnt.parse(FILE, cut));
        assertTrue(e.getMessage().startsWith(FILE + ": table '(table directory)' at offset "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated font?"), e.getMessage());
    }

    @Test
    void aDataLengthOverrunningItsRecordNamesCbdtAndTheOffset() {
        byte[] font = allFormats();
        int cbdt = tableOffset(font, "CBDT");
        // the first record (glyph 1, format 17) starts at CBDT offset 4: 5 bytes of metrics, then dataLen
        ByteBuffer.wrap(font).putInt(cbdt + 4 + 5, 1000);
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> CbdtBitmaps.read(Sfnt.parse(FILE, font)));
        assertTrue(e.getMessage().contains("table 'CBDT' at offset 9 (file offset " + (cbdt + 9) + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("glyph 1: dataLen 1000 overruns its record"), e.getMessage());
    }

    @Test
    void anUnknownIndexFormatIsNamed() {
        byte[] font = allFormats();
        int cblc = tableOffset(font, "CBLC");
        int firstSub = 8 + 48 + 8 * 6;
        ByteBuffer.wrap(font).putShort(cblc + firstSub, (short) 9);
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> CbdtBitmaps.read(Sfnt.parse(FILE, font)));
        assertTrue(e.getMessage().contains("table 'CBLC' at offset " + firstSub), e.getMessage());
        assertTrue(e.getMessage().contains("indexFormat 9 is not one of 1 .. 5"), e.getMessage());
    }

    @Test
    void aFontWithoutCblcSaysWhatItHas() {
        byte[] font = new SyntheticFont().subTable(1, 17, glyph(1, 1)).withoutCblc().build();
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> CbdtBitmaps.read(Sfnt.parse(FILE, font)));
        assertTrue(e.getMessage().contains("no 'CBLC' table"), e.getMessage());
        assertTrue(e.getMessage().contains("the font has CBDT, cmap"), e.getMessage());
    }

    @Test
    void aFileThatIsNoFontIsRejectedAtTheVersion() {
        byte[] png = TestImages.png(TestImages.pattern(4, 4, 1));
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Sfnt.parse(FILE, png));
        assertTrue(e.getMessage().contains("is not a font"), e.getMessage());
    }

    /** The offset of a table, from the directory of a font built by {@link SyntheticFont}. */
    static int tableOffset(byte[] font, String tag) {
        ByteBuffer b = ByteBuffer.wrap(font);
        int n = b.getShort(4);
        for (int i = 0; i < n; i++) {
            int rec = 12 + 16 * i;
            if (new String(font, rec, 4, StandardCharsets.ISO_8859_1).equals(tag)) {
                return b.getInt(rec + 8);
            }
        }
        throw new AssertionError("no table " + tag);
    }
}
