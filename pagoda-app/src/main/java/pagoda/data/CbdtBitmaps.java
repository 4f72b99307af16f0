package pagoda.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The PNG bitmaps of a colour font's CBLC/CBDT tables (OpenType spec, "CBLC - Color Bitmap Location
 * Table" and "CBDT - Color Bitmap Data Table"). CBLC lists strikes (one bitmap size each); a strike's
 * index sub-tables map glyph ranges to image records in CBDT. This reads the strike with the largest ppem
 * (Noto Color Emoji has one, 109 ppem, 136 x 128 pixels) and all five index formats:
 * <ul>
 *   <li>1 and 3: one 32- or 16-bit offset per glyph of the range, plus an end offset (equal neighbours:
 *       the glyph has no bitmap);</li>
 *   <li>2: a constant image size, records back to back for the whole range;</li>
 *   <li>4 and 5: a sparse list of glyph ids, with offsets (4) or a constant image size (5).</li>
 * </ul>
 * Image formats 17 (small metrics), 18 (big metrics) and 19 (metrics in CBLC) hold PNG data after a
 * 32-bit length; records of other formats (EBDT's raw monochrome or grey bitmaps) are not PNG and are
 * reported as skipped.
 */
final class CbdtBitmaps {
    private static final int BITMAP_SIZE_RECORD = 48;
    private static final int SMALL_METRICS = 5;
    private static final int BIG_METRICS = 8;

    /** One glyph's PNG, with where it came from for messages. */
    record GlyphPng(int glyphId, int imageFormat, int cbdtOffset, byte[] png) {
    }

    /** A record that is not a PNG bitmap, and why. */
    record Skipped(int glyphId, String reason) {
    }

    /** The bitmaps of the chosen strike, in glyph order. */
    record Strike(int ppemX, int ppemY, List<GlyphPng> bitmaps, List<Skipped> skipped) {
    }

    private final FontTable cblc;
    private final FontTable cbdt;
    private final List<GlyphPng> bitmaps = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();

    private CbdtBitmaps(FontTable cblc, FontTable cbdt) {
        this.cblc = cblc;
        this.cbdt = cbdt;
    }

    static Strike read(Sfnt font) {
        FontTable cblc = font.table("CBLC", "a colour bitmap font has its bitmap index there");
        FontTable cbdt = font.table("CBDT", "a colour bitmap font has its bitmaps there");
        int cbdtMajor = cbdt.u16(0, "CBDT majorVersion");
        if (cbdtMajor != 2 && cbdtMajor != 3) {
            throw cbdt.error(0, "majorVersion " + cbdtMajor + " is not a CBDT version (expected 2 or 3)");
        }
        return new CbdtBitmaps(cblc, cbdt).readLargestStrike();
    }

    private Strike readLargestStrike() {
        int major = cblc.u16(0, "CBLC majorVersion");
        if (major != 2 && major != 3) {
            throw cblc.error(0, "majorVersion " + major + " is not a CBLC version (expected 2 or 3)");
        }
        int numSizes = cblc.u32(4, "numSizes");
        if (numSizes == 0) {
            throw cblc.error(4, "numSizes is 0: the font has no bitmap strike");
        }
        cblc.check(8, (long) numSizes * BITMAP_SIZE_RECORD, numSizes + " BitmapSize records");
        int best = 0;
        for (int s = 1; s < numSizes; s++) {
            if (ppemY(s) > ppemY(best)) {
                best = s;
            }
        }
        int rec = 8 + best * BITMAP_SIZE_RECORD;
        int arrayOffset = cblc.u32(rec, "indexSubTableArrayOffset of strike " + best);
        int numSubTables = cblc.u32(rec + 8, "numberOfIndexSubTables of strike " + best);
        cblc.check(arrayOffset, 8L * numSubTables, numSubTables + " IndexSubTableArray entries of strike " + best);
        for (int k = 0; k < numSubTables; k++) {
            int e = arrayOffset + 8 * k;
            int first = cblc.u16(e, "firstGlyphIndex");
            int last = cblc.u16(e + 2, "lastGlyphIndex");
            if (last < first) {
                throw cblc.error(e, "index sub-table " + k + " has lastGlyphIndex " + last + " < firstGlyphIndex " + first);
            }
            int sub = arrayOffset + cblc.u32(e + 4, "additionalOffsetToIndexSubtable");
            subTable(sub, first, last);
        }
        bitmaps.sort((a, b) -> Integer.compare(a.glyphId(), b.glyphId()));
        return new Strike(cblc.u8(rec + 44, "ppemX"), ppemY(best), List.copyOf(bitmaps), List.copyOf(skipped));
    }

    private int ppemY(int strike) {
        return cblc.u8(8 + strike * BITMAP_SIZE_RECORD + 45, "ppemY");
    }

    private void subTable(int at, int first, int last) {
        int indexFormat = cblc.u16(at, "indexFormat");
        int imageFormat = cblc.u16(at + 2, "imageFormat");
        int dataOffset = cblc.u32(at + 4, "imageDataOffset");
        int n = last - first + 1;
        switch (indexFormat) {
            case 1, 3 -> {
                int width = indexFormat == 1 ? 4 : 2;
                for (int g = 0; g < n; g++) {
                    int o0 = offset(at + 8 + width * g, width);
                    int o1 = offset(at + 8 + width * (g + 1), width);
                    if (o1 < o0) {
                        throw cblc.error(at + 8 + width * g, "glyph " + (first + g) + ": offsets decrease (" + o0 + " then " + o1 + ")");
                    }
                    if (o1 > o0) {
                        record(first + g, imageFormat, dataOffset + o0, o1 - o0);
                    }
                }
            }
            case 2 -> {
                int size = cblc.u32(at + 8, "imageSize");
                for (int g = 0; g < n; g++) {
                    record(first + g, imageFormat, dataOffset + g * size, size);
                }
            }
            case 4 -> {
                int count = cblc.u32(at + 8, "numGlyphs");
                for (int g = 0; g < count; g++) {
                    int p = at + 12 + 4 * g;
                    int o0 = cblc.u16(p + 2, "sbitOffset");
                    int o1 = cblc.u16(p + 6, "sbitOffset");
                    if (o1 < o0) {
                        throw cblc.error(p, "glyph " + cblc.u16(p, "glyphID") + ": offsets decrease (" + o0 + " then " + o1 + ")");
                    }
                    record(cblc.u16(p, "glyphID"), imageFormat, dataOffset + o0, o1 - o0);
                }
            }
            case 5 -> {
                int size = cblc.u32(at + 8, "imageSize");
                int count = cblc.u32(at + 8 + 4 + BIG_METRICS, "numGlyphs");
                for (int g = 0; g < count; g++) {
                    int glyph = cblc.u16(at + 8 + 4 + BIG_METRICS + 4 + 2 * g, "glyphIdArray");
                    record(glyph, imageFormat, dataOffset + g * size, size);
                }
            }
            default -> throw cblc.error(at, "indexFormat " + indexFormat + " is not one of 1 .. 5");
        }
    }

    private int offset(int at, int width) {
        return width == 4 ? cblc.u32(at, "sbitOffsets") : cblc.u16(at, "sbitOffsets");
    }

    /** Reads the image record of {@code length} bytes at {@code offset} in CBDT. */
    private void record(int glyph, int imageFormat, int offset, int length) {
        if (length == 0) {
            return;
        }
        cbdt.check(offset, length, "glyph " + glyph + "'s image record");
        int header = switch (imageFormat) {
            case 17 -> SMALL_METRICS;
            case 18 -> BIG_METRICS;
            case 19 -> 0;
            default -> -1;
        };
        if (header < 0) {
            skipped.add(new Skipped(glyph, "image format " + imageFormat + " is not PNG (17, 18 or 19)"));
            return;
        }
        int dataLen = cbdt.u32(offset + header, "glyph " + glyph + "'s dataLen");
        if ((long) header + 4 + dataLen > length) {
            throw cbdt.error(offset + header, "glyph " + glyph + ": dataLen " + dataLen + " overruns its record of " + length + " bytes");
        }
        bitmaps.add(new GlyphPng(glyph, imageFormat, offset, cbdt.bytes(offset + header + 4, dataLen, "glyph " + glyph + "'s PNG data")));
    }
}
