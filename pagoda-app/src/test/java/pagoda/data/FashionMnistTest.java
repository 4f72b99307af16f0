package pagoda.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX parsing on bytes made here, Fashion-MNIST's layout and split, and the installed files when present. */
class FashionMnistTest {
    @TempDir
    Path dir;

    private static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        }
        return out.toByteArray();
    }

    private static byte[] ramp(int n, int salt) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + salt);
        }
        return b;
    }

    /** Two training images and one test image of 3 x 2 pixels, gzip-compressed like the Debian files. */
    private Path tinySet(byte[] trainLabels) throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idx(new int[] {2, 3, 2}, ramp(12, 0))));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idx(new int[] {trainLabels.length}, trainLabels)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(idx(new int[] {1, 3, 2}, ramp(6, 100))));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(new int[] {1}, new byte[] {9}));
        return dir;
    }

    @Test
    void parsesGzipAndPlainIdxWithIdsLabelsAndThePublishedSplit() throws IOException {
        FashionMnist f = FashionMnist.open(tinySet(new byte[] {3, 0}));
        assertEquals(3, f.size());
        assertEquals(1, f.channels());
        SourceItem.Kept first = assertInstanceOf(SourceItem.Kept.class, f.item(0));
        assertEquals(0, first.id());
        assertEquals(3, first.label());
        assertTrue(!first.test());
        assertEquals(3, first.image().height());
        assertEquals(2, first.image().width());
        assertArrayEquals(ramp(12, 0), concat(first.image().data(), ((SourceItem.Kept) f.item(1)).image().data()));
        SourceItem.Kept test = assertInstanceOf(SourceItem.Kept.class, f.item(2));
        assertEquals(2, test.id());
        assertEquals(9, test.label());
        assertTrue(test.test());
        assertArrayEquals(ramp(6, 100), test.image().data());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aLabelOutsideTheTenClassesNamesFileAndIndex() throws IOException {
        tinySet(new byte[] {3, 10});
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> FashionMnist.open(dir));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz: label 1 (offset 9): value 10 is not a class 0 .. 9"), e.getMessage());
    }

    @Test
    void shortDataBadMagicAndBadGzipAreErrorsNamingTheFile() throws IOException {
        Path f = dir.resolve("x-idx3-ubyte");
        MalformedDataException shortData = assertThrows(MalformedDataException.class,
                () -> Idx.parse(f, idx(new int[] {2, 2, 2}, new byte[7])));
        assertTrue(shortData.getMessage().contains("x-idx3-ubyte: data at offset 16: dimensions [2, 2, 2] need 8 bytes of data; the file has 7"),
                shortData.getMessage());
        MalformedDataException magic = assertThrows(MalformedDataException.class, () -> Idx.parse(f, new byte[] {1, 0, 8, 1, 0, 0, 0, 0}));
        assertTrue(magic.getMessage().contains("expected 00 00"), magic.getMessage());
        MalformedDataException type = assertThrows(MalformedDataException.class, () -> Idx.parse(f, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 0}));
        assertTrue(type.getMessage().contains("type 0x0d; only unsigned bytes"), type.getMessage());
        Path gz = Files.write(dir.resolve("y.gz"), new byte[] {1, 2, 3, 4});
        MalformedDataException z = assertThrows(MalformedDataException.class, () -> Idx.read(gz));
        assertTrue(z.getMessage().startsWith(gz + ": gzip stream"), z.getMessage());
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        tinySet(new byte[] {1});
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> FashionMnist.open(dir));
        assertTrue(e.getMessage().contains("labels [1] do not match the 2 images"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        DataException e = assertThrows(DataException.class, () -> FashionMnist.open(dir));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz (or the same name without .gz) does not exist"), e.getMessage());
    }

    @Test
    void theInstalledFilesHold60000And10000LabelledImages() throws IOException {
        assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR), "dataset-fashion-mnist is not installed (no " + FashionMnist.DEBIAN_DIR + ")");
        FashionMnist f = FashionMnist.open(FashionMnist.locate());
        assertEquals(70000, f.size());
        int[] train = new int[10];
        int[] test = new int[10];
        for (int i = 0; i < f.size(); i++) {
            SourceItem.Kept k = (SourceItem.Kept) f.item(i);
            assertEquals(28, k.image().height());
            assertEquals(i >= 60000, k.test());
            (k.test() ? test : train)[k.label()]++;
        }
        int trainTotal = 0;
        int testTotal = 0;
        for (int c = 0; c < 10; c++) {
            assertTrue(train[c] > 0 && test[c] > 0, "class " + c + " occurs in both splits");
            trainTotal += train[c];
            testTotal += test[c];
        }
        assertEquals(60000, trainTotal);
        assertEquals(10000, testTotal);
    }
}
