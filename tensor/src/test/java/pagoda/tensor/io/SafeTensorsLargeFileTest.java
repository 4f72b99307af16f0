package pagoda.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file beyond 2 GB, the limit of a {@code MappedByteBuffer}, is read through its memory segment. The
 * file is sparse (only its header and last bytes are written), so the test costs no disk and little time.
 */
class SafeTensorsLargeFileTest {
    private static final long ROW = (1L << 30) + 3;
    private static final long BIG = 2 * ROW;

    @Test
    void readsTensorsBeyondTwoGigabytes(@TempDir Path dir) throws IOException {
        assumeTrue(Files.getFileStore(dir).getUsableSpace() > 2 * BIG,
                () -> "needs " + 2 * BIG + " bytes free in " + dir + " in case the file system does not support sparse files");
        String header = "{\"big\":{\"dtype\":\"U8\",\"shape\":[2," + ROW + "],\"data_offsets\":[0," + BIG + "]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[" + BIG + "," + (BIG + 12) + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path f = dir.resolve("big.safetensors");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, h.length));
            ch.write(ByteBuffer.wrap(h));
            ByteBuffer tail = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).putFloat(1e-3f);
            ch.write(tail.flip(), 8 + h.length + BIG);
        }
        try (SafeTensors st = SafeTensors.open(f)) {
            assertArrayEquals(new float[] {1.5f, -2f, 1e-3f}, st.readFloats("tail"), "unaligned F32 past 2 GB");
            assertEquals(BIG, st.bytes("big").byteSize());
            assertEquals(0, st.bytes("big").get(ValueLayout.JAVA_BYTE, BIG - 1));
            SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> st.readFloats("big"));
            assertEquals(f + ": tensor 'big': 2147483654 elements do not fit a Java array (at most 2147483639); read its bytes instead",
                    e.getMessage());
        }
    }
}
