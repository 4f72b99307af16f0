package pagoda.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The table directory of an sfnt font (TrueType or OpenType; OpenType spec, "Organization of an OpenType
 * font"): a 12-byte header with the table count, then 16-byte records of tag, checksum, offset and length.
 * Checksums are not verified: fonts in the wild carry wrong ones, and the tables read here validate their
 * own structure.
 */
final class Sfnt {
    private static final int TRUETYPE = 0x00010000;
    private static final int TRUE = 0x74727565;
    private static final int OTTO = 0x4F54544F;
    private static final int TTCF = 0x74746366;

    private final Path file;
    private final byte[] bytes;
    private final Map<String, FontTable> tables;

    private Sfnt(Path file, byte[] bytes, Map<String, FontTable> tables) {
        this.file = file;
        this.bytes = bytes;
        this.tables = tables;
    }

    static Sfnt read(Path file) throws IOException {
        return parse(file, Files.readAllBytes(file));
    }

    static Sfnt parse(Path file, byte[] bytes) {
        FontTable whole = new FontTable(file, "(table directory)", bytes, 0, bytes.length);
        int version = whole.bits32(0, "sfnt version");
        if (version == TTCF) {
            throw whole.error(0, "a font collection (ttcf); give one font file, not a collection");
        }
        if (version != TRUETYPE && version != TRUE && version != OTTO) {
            throw whole.error(0, String.format("sfnt version 0x%08x is not a font (expected 0x00010000, 'true' or 'OTTO')", version));
        }
        int numTables = whole.u16(4, "numTables");
        Map<String, FontTable> tables = new LinkedHashMap<>();
        for (int i = 0; i < numTables; i++) {
            int rec = 12 + 16 * i;
            String tag = new String(whole.bytes(rec, 4, "tag of table record " + i), StandardCharsets.ISO_8859_1);
            int offset = whole.u32(rec + 8, "offset of table '" + tag + "'");
            int length = whole.u32(rec + 12, "length of table '" + tag + "'");
            if ((long) offset + length > bytes.length) {
                throw whole.error(rec + 8, "table '" + tag + "' spans bytes " + offset + " .. " + ((long) offset + length)
                        + " of a file of " + bytes.length + " bytes (truncated font?)");
            }
            tables.put(tag, new FontTable(file, tag, bytes, offset, length));
        }
        return new Sfnt(file, bytes, tables);
    }

    Path file() {
        return file;
    }

    /** The raw file, for fingerprinting. */
    byte[] bytes() {
        return bytes;
    }

    boolean has(String tag) {
        return tables.containsKey(tag);
    }

    /** A table that must be present; its absence is an error naming the file and the tables it has. */
    FontTable table(String tag, String why) {
        FontTable t = tables.get(tag);
        if (t == null) {
            throw new MalformedDataException(file, "table directory", "no '" + tag + "' table (" + why + "); the font has "
                    + String.join(", ", tables.keySet()));
        }
        return t;
    }
}
