package pagoda.data;

import java.nio.file.Path;

/**
 * One table of an sfnt font as a bounds-checked big-endian reader. Offsets are relative to the table's
 * start; a read past its end is a {@link MalformedDataException} naming the file, the table, the offset
 * and what was being read, so a truncated or corrupt font says where it breaks.
 */
final class FontTable {
    private final Path file;
    private final String tag;
    private final byte[] bytes;
    private final int start;
    private final int length;

    FontTable(Path file, String tag, byte[] bytes, int start, int length) {
        this.file = file;
        this.tag = tag;
        this.bytes = bytes;
        this.start = start;
        this.length = length;
    }

    String tag() {
        return tag;
    }

    int length() {
        return length;
    }

    int u8(int offset, String what) {
        check(offset, 1, what);
        return bytes[start + offset] & 0xFF;
    }

    int u16(int offset, String what) {
        check(offset, 2, what);
        int p = start + offset;
        return ((bytes[p] & 0xFF) << 8) | (bytes[p + 1] & 0xFF);
    }

    /** A 32-bit field as raw bits (tags, version numbers). */
    int bits32(int offset, String what) {
        check(offset, 4, what);
        int p = start + offset;
        return ((bytes[p] & 0xFF) << 24) | ((bytes[p + 1] & 0xFF) << 16) | ((bytes[p + 2] & 0xFF) << 8) | (bytes[p + 3] & 0xFF);
    }

    /** An unsigned 32-bit field; values beyond the int range cannot address anything in a Java array, so they are errors. */
    int u32(int offset, String what) {
        long v = bits32(offset, what) & 0xFFFFFFFFL;
        if (v > Integer.MAX_VALUE) {
            throw error(offset, what + " is " + v + ", beyond any offset or size in a font of " + bytes.length + " bytes");
        }
        return (int) v;
    }

    /** A copy of {@code n} bytes at {@code offset}. */
    byte[] bytes(int offset, int n, String what) {
        check(offset, n, what);
        byte[] out = new byte[n];
        System.arraycopy(bytes, start + offset, out, 0, n);
        return out;
    }

    /** Checks that {@code n} bytes at {@code offset} lie inside the table. */
    void check(int offset, long n, String what) {
        if (offset < 0 || n < 0 || offset + n > length) {
            throw error(offset, what + " needs " + n + " bytes at offset " + offset + " but the table is " + length + " bytes long");
        }
    }

    MalformedDataException error(int offset, String message) {
        return new MalformedDataException(file, "table '" + tag + "' at offset " + offset + " (file offset " + ((long) start + offset) + ")",
                message);
    }
}
