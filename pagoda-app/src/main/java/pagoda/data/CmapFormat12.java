package pagoda.data;

import java.util.HashMap;
import java.util.Map;

/**
 * Code point to glyph lookups through the font's format 12 cmap sub-table (OpenType spec, "cmap": segmented
 * coverage, the format that reaches code points above U+FFFF, where emoji live). Prefers the Windows
 * Unicode full-repertoire record (3, 10), then the Unicode platform (0, 4 or 6).
 */
final class CmapFormat12 {
    private CmapFormat12() {
    }

    /**
     * The glyphs of those {@code codePoints} that the font maps (code point -> glyph id); empty when the font
     * has no format 12 sub-table, since then it maps nothing above U+FFFF.
     */
    static Map<Integer, Integer> glyphs(Sfnt font, int... codePoints) {
        FontTable cmap = font.table("cmap", "it maps characters to glyphs");
        int numTables = cmap.u16(2, "numTables");
        int chosen = -1;
        int rank = Integer.MAX_VALUE;
        for (int i = 0; i < numTables; i++) {
            int rec = 4 + 8 * i;
            int platform = cmap.u16(rec, "platformID");
            int encoding = cmap.u16(rec + 2, "encodingID");
            int offset = cmap.u32(rec + 4, "subtable offset");
            int r = platform == 3 && encoding == 10 ? 0 : platform == 0 && (encoding == 4 || encoding == 6) ? 1 : -1;
            if (r >= 0 && r < rank && cmap.u16(offset, "subtable format") == 12) {
                chosen = offset;
                rank = r;
            }
        }
        Map<Integer, Integer> out = new HashMap<>();
        if (chosen < 0) {
            return out;
        }
        int groups = cmap.u32(chosen + 12, "numGroups");
        cmap.check(chosen + 16, 12L * groups, groups + " format 12 groups");
        for (int g = 0; g < groups; g++) {
            int p = chosen + 16 + 12 * g;
            long start = cmap.u32(p, "startCharCode");
            long end = cmap.u32(p + 4, "endCharCode");
            int startGlyph = cmap.u32(p + 8, "startGlyphID");
            for (int cp : codePoints) {
                if (cp >= start && cp <= end) {
                    out.put(cp, (int) (startGlyph + cp - start));
                }
            }
        }
        return out;
    }
}
