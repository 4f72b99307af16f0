package pagoda.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.image.ByteImage;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;

/** The held-out split, and images served as float batches. */
class SplitAndBatchTest {
    @TempDir
    Path dir;

    @Test
    void heldOutIsDeterministicAndNearItsFraction() {
        int n = 100_000;
        int test = 0;
        for (long id = 0; id < n; id++) {
            boolean t = HeldOut.isTest(id);
            assertEquals(t, HeldOut.isTest(id));
            test += t ? 1 : 0;
        }
        double sigma = Math.sqrt(HeldOut.FRACTION * (1 - HeldOut.FRACTION) / n);
        assertEquals(HeldOut.FRACTION, (double) test / n, 5 * sigma, "binomial: within 5 standard deviations");
    }

    private Path folder(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            TestImages.write(dir.resolve("img" + i + ".png"), TestImages.png(TestImages.pattern(10, 10, i)));
        }
        return dir;
    }

    @Test
    void trainAndTestAreDisjointAndMakeUpAll() throws IOException {
        DataSpec spec = DataSpec.parse(folder(60).toString());
        ImageDataset all = ImageDataset.open(spec, 4, Split.ALL);
        ImageDataset train = ImageDataset.open(spec, 4, Split.TRAIN);
        ImageDataset test = ImageDataset.open(spec, 8, Split.TEST);
        Set<Long> trainIds = new HashSet<>();
        for (long id : train.ids()) {
            trainIds.add(id);
            assertTrue(!HeldOut.isTest(id));
        }
        for (long id : test.ids()) {
            assertTrue(!trainIds.contains(id), "id " + id + " is in both splits");
            assertTrue(HeldOut.isTest(id));
        }
        assertEquals(all.size(), train.size() + test.size());
        assertTrue(test.size() > 0, "60 images hold some held-out ones (P(none) = 0.9^60 < 0.2%; the split is fixed, so this never flakes)");
        assertArrayEquals(test.ids(), ImageDataset.open(spec, 4, Split.TEST).ids(), "the split is the same at every resolution");
    }

    @Test
    void batchesScaleToMinusOneToOneAndMirror() throws IOException {
        ImageDataset ds = ImageDataset.open(DataSpec.parse(folder(3).toString()), 8, Split.ALL);
        Tensor b = ds.batch(Backends.reference(), new int[] {2, 0}, new boolean[] {false, true});
        assertArrayEquals(new int[] {2, 3, 8, 8}, b.shape());
        float[] v = b.toFloatArray();
        ByteImage i2 = ds.image(2);
        ByteImage i0 = ds.image(0);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    assertEquals(i2.get(c, y, x) / 127.5f - 1f, v[(c * 8 + y) * 8 + x]);
                    assertEquals(i0.get(c, y, 7 - x) / 127.5f - 1f, v[192 + (c * 8 + y) * 8 + x]);
                }
            }
        }
        assertArrayEquals(ds.batch(Backends.reference(), new int[] {0, 1}, null).toFloatArray(), ds.batch(Backends.reference(), 0, 2).toFloatArray());
        assertThrows(IndexOutOfBoundsException.class, () -> ds.batch(Backends.reference(), new int[] {3}, null));
    }

    @Test
    void oneHotLabelsFollowTheClasses() throws IOException {
        TestImages.write(dir.resolve("p/a.png"), TestImages.png(TestImages.pattern(6, 6, 1)));
        TestImages.write(dir.resolve("q/b.png"), TestImages.png(TestImages.pattern(6, 6, 2)));
        ImageDataset ds = ImageDataset.open(DataSpec.parse(dir.toString()), 4, Split.ALL);
        Tensor h = ds.oneHot(Backends.reference(), new int[] {1, 0, 1});
        assertArrayEquals(new int[] {3, 2}, h.shape());
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 1}, h.toFloatArray());
        assertArrayEquals(new int[] {1, 0}, ds.labels(new int[] {1, 0}));
    }
}
