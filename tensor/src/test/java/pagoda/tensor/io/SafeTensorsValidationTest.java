package pagoda.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way a file can break the format, built byte by byte, must be refused on open with a message that
 * names the file and, where one is concerned, the tensor.
 */
class SafeTensorsValidationTest {
    private static final String W4 = "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";

    @TempDir
    Path dir;

    /** An 8-byte little-endian length, then the header bytes, then {@code dataBytes} bytes of data. */
    private static byte[] file(long headerLength, byte[] header, int dataBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).array());
        out.writeBytes(header);
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }

    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return file(h.length, h, dataBytes);
    }

    private SafeTensorsException rejected(byte[] content) throws IOException {
        Path f = dir.resolve("broken.safetensors");
        Files.write(f, content);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.open(f).close());
        assertEquals(f, e.file());
        return e;
    }

    private void assertRejected(byte[] content, String tensor, String detail) throws IOException {
        SafeTensorsException e = rejected(content);
        Path f = dir.resolve("broken.safetensors");
        assertEquals(f + ": " + (tensor == null ? "" : "tensor '" + tensor + "': ") + detail, e.getMessage());
        assertEquals(tensor, e.tensor());
    }

    @Test
    void wellFormedMinimalFilesOpen() throws IOException {
        Path f = dir.resolve("ok.safetensors");
        Files.write(f, file("{" + W4 + "}   ", 4));
        try (SafeTensors st = SafeTensors.open(f)) {
            assertArrayEquals(new float[] {0f}, st.readFloats("w"));
        }
        Files.write(f, file("{}", 0));
        try (SafeTensors st = SafeTensors.open(f)) {
            assertEquals(0, st.names().size());
        }
    }

    @Test
    void fileTooShortForTheLength() throws IOException {
        assertRejected(new byte[] {2, 0, 0, 0, 0}, null,
                "file is 5 bytes long; a safetensors file starts with an 8-byte header length");
        assertRejected(new byte[0], null, "file is 0 bytes long; a safetensors file starts with an 8-byte header length");
    }

    @Test
    void headerLengthZeroTooLargeOrBeyondTheFile() throws IOException {
        assertRejected(file(0, new byte[0], 8), null, "header length is 0; expected a JSON header of at least 2 bytes");
        assertRejected(file(1L << 40, new byte[0], 8), null,
                "header length 1099511627776 exceeds the limit of 100000000 bytes (is this a safetensors file?)");
        assertRejected(file(-1L, new byte[0], 8), null,
                "header length 18446744073709551615 exceeds the limit of 100000000 bytes (is this a safetensors file?)");
        assertRejected(file(100, "{}".getBytes(StandardCharsets.US_ASCII), 18), null,
                "header length 100 reaches beyond the end of the file (28 bytes)");
    }

    @Test
    void headerNotUtf8JsonOrNotAnObject() throws IOException {
        assertRejected(file(4, new byte[] {'{', '"', (byte) 0xFF, '}'}, 0), null,
                "header is not valid JSON: header:1:3: invalid UTF-8 (byte 0xff at offset 2)");
        assertRejected(file("{\"w\":", 0), null, "header is not valid JSON: header:1:6: expected a value, found end of input");
        assertRejected(file("[1]     ", 0), null, "header is an array of 1 elements; expected a JSON object");
    }

    @Test
    void duplicateTensorNamesAreRefused() throws IOException {
        String header = "{" + W4 + "," + W4.replace("[0,4]", "[4,8]") + "}";
        SafeTensorsException e = rejected(file(header, 8));
        int column = header.indexOf(",\"w\"") + 2;
        assertEquals(dir.resolve("broken.safetensors") + ": header is not valid JSON: header:1:" + column
                + ": duplicate key 'w' in object", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not an object|`{\"w\": 3}`|0|entry is number 3; expected an object with dtype, shape and data_offsets",
        "missing dtype|`{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}`|4|missing field 'dtype'",
        "missing shape|`{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}`|4|missing field 'shape'",
        "missing offsets|`{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}`|4|missing field 'data_offsets'",
        "unknown field|`{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"layout\":\"C\"}}`|4|"
                + "unknown field 'layout' (expected dtype, shape and data_offsets)",
        "dtype not a string|`{\"w\":{\"dtype\":5,\"shape\":[1],\"data_offsets\":[0,4]}}`|4|"
                + "dtype is number 5; expected a string such as \"F32\"",
        "unknown dtype|`{\"w\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[0,1]}}`|1|"
                + "unknown dtype 'I8' (known: F32, F16, BF16, F64, I64, I32, U8, BOOL)",
        "shape not an array|`{\"w\":{\"dtype\":\"F32\",\"shape\":\"x\",\"data_offsets\":[0,4]}}`|4|"
                + "shape is string \"x\"; expected an array of integers",
        "negative dimension|`{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,4]}}`|4|"
                + "shape [2,-1]: dimension 1 is number -1; expected a non-negative integer",
        "fractional dimension|`{\"w\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}`|4|"
                + "shape [1.0]: dimension 0 is number 1.0; expected a non-negative integer",
        "huge dimension|`{\"w\":{\"dtype\":\"U8\",\"shape\":[3000000000],\"data_offsets\":[0,4]}}`|4|"
                + "shape [3000000000]: dimension 0 = 3000000000 exceeds 2^31 - 1, the largest dimension a Tensor supports",
        "size overflow|`{\"w\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,4]}}`|4|"
                + "shape [2147483647, 2147483647, 2147483647] of F64 needs more than 2^63 bytes",
        "overflow by dtype size|`{\"w\":{\"dtype\":\"I64\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,4]}}`|4|"
                + "shape [2147483647, 2147483647, 2147483647] of I64 needs more than 2^63 bytes",
        "one offset|`{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}`|4|"
                + "data_offsets is [0]; expected [begin, end], two non-negative integers",
        "offset not a number|`{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,\"4\"]}}`|4|"
                + "data_offsets is [0,\"4\"]; expected [begin, end], two non-negative integers",
        "negative offset|`{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}`|4|"
                + "data_offsets is [-4,0]; expected [begin, end], two non-negative integers",
        "offsets not an array|`{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":null}}`|4|"
                + "data_offsets is null; expected [begin, end], two non-negative integers",
        "reversed offsets|`{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}`|8|"
                + "data_offsets [8, 4] begin after they end",
        "size mismatch|`{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}`|4|"
                + "shape [2] of F32 needs 8 bytes but data_offsets [0, 4] hold 4",
        "beyond the data|`{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}`|4|"
                + "data_offsets [0, 8] reach beyond the data section of 4 bytes",
        "overlap|`{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}`|12|"
                + "data_offsets [4, 12] overlap those of tensor 'a' [0, 8]",
        "hole between|`{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}`|12|"
                + "bytes [4, 8) of the data section before this tensor belong to no tensor; the ranges must cover the data section without holes",
        "hole first|`{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}`|8|"
                + "bytes [0, 4) of the data section before this tensor belong to no tensor; the ranges must cover the data section without holes",
    })
    void tensorEntryViolationsNameTheTensor(String what, String header, int dataBytes, String detail) throws IOException {
        assertRejected(file(header, dataBytes), "w", detail);
    }

    @Test
    void uncoveredDataAtTheEnd() throws IOException {
        assertRejected(file("{" + W4 + "}", 8), null,
                "bytes [4, 8) after the last tensor 'w' belong to no tensor; the ranges must cover the data section without holes");
        assertRejected(file("{}", 4), null,
                "bytes [0, 4) of the data section belong to no tensor; the ranges must cover the data section without holes");
    }

    @Test
    void metadataMustMapStringsToStrings() throws IOException {
        assertRejected(file("{\"__metadata__\":[]," + W4 + "}", 4), null,
                "__metadata__ is an array of 0 elements; expected an object mapping strings to strings");
        assertRejected(file("{\"__metadata__\":{\"epoch\":3}," + W4 + "}", 4), null,
                "__metadata__ key 'epoch' holds number 3; expected a string (metadata maps strings to strings)");
    }

    @Test
    void boolBytesOtherThanZeroOrOneAreRefusedOnRead() throws IOException {
        byte[] content = file("{\"m\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[0,3]}}", 3);
        content[content.length - 1] = 7;
        Path f = dir.resolve("bool.safetensors");
        Files.write(f, content);
        try (SafeTensors st = SafeTensors.open(f)) {
            SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> st.readFloats("m"));
            assertEquals(f + ": tensor 'm': BOOL element 2 holds byte 0x07; expected 0 or 1", e.getMessage());
            assertTrue(st.bytes("m").byteSize() == 3);
        }
    }
}
