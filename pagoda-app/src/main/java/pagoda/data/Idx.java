package pagoda.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file of unsigned bytes (the MNIST format: two zero bytes, type code 0x08, the number of
 * dimensions, each dimension as a big-endian 32-bit count, then the data row-major), gzip-compressed when
 * its name ends in {@code .gz}. The data must fill the dimensions exactly; a short or long file is an error
 * naming the file and the sizes.
 */
record Idx(int[] dims, byte[] data) {
    private static final int UNSIGNED_BYTE = 0x08;

    static Idx read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            bytes = file.getFileName().toString().endsWith(".gz") ? gunzip(file, raw) : raw.readAllBytes();
        }
        return parse(file, bytes);
    }

    private static byte[] gunzip(Path file, InputStream raw) throws IOException {
        try (InputStream in = new GZIPInputStream(raw)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (ZipException | EOFException e) {
            throw new MalformedDataException(file, "gzip stream", "not valid gzip data: " + e.getMessage());
        }
    }

    static Idx parse(Path file, byte[] b) {
        if (b.length < 4) {
            throw new MalformedDataException(file, "header", "file of " + b.length + " bytes is too short for the 4-byte IDX magic");
        }
        if (b[0] != 0 || b[1] != 0) {
            throw new MalformedDataException(file, "magic bytes 0-1", String.format("expected 00 00, got %02x %02x (not an IDX file)",
                    b[0] & 0xFF, b[1] & 0xFF));
        }
        if ((b[2] & 0xFF) != UNSIGNED_BYTE) {
            throw new MalformedDataException(file, "magic byte 2 (type)", String.format(
                    "type 0x%02x; only unsigned bytes (0x08) are supported", b[2] & 0xFF));
        }
        int rank = b[3] & 0xFF;
        if (rank < 1 || b.length < 4 + 4 * rank) {
            throw new MalformedDataException(file, "magic byte 3 (dimensions)", rank + " dimensions need a header of "
                    + (4 + 4 * rank) + " bytes; the file has " + b.length);
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++) {
            int p = 4 + 4 * d;
            long v = ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            if (v > Integer.MAX_VALUE) {
                throw new MalformedDataException(file, "dimension " + d + " (offset " + p + ")", "size " + v + " is too large");
            }
            dims[d] = (int) v;
            count *= v;
        }
        int header = 4 + 4 * rank;
        if (b.length - header != count) {
            throw new MalformedDataException(file, "data at offset " + header, "dimensions " + Arrays.toString(dims) + " need "
                    + count + " bytes of data; the file has " + (b.length - header));
        }
        return new Idx(dims, Arrays.copyOfRange(b, header, b.length));
    }
}
