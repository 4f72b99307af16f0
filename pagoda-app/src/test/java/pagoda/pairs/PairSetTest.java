package pagoda.pairs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.data.DataLog;
import pagoda.data.DataSpec;
import pagoda.data.EmojiFont;
import pagoda.data.ImageDataset;
import pagoda.data.Split;
import pagoda.image.ByteImage;
import pagoda.ode.Encoder;
import pagoda.ode.Solver;
import pagoda.teacher.Teacher;
import pagoda.teacher.TinyImages;
import pagoda.teacher.TinyTeacher;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;

/** The pairs reader: latents, ids, flips and labels line up with the data set and with what the encoder computes. */
class PairSetTest {
    private static final Backend CPU = Backends.cpu();
    private static final int BATCH = 3;

    @TempDir
    static Path shared;
    static Teacher conditional;
    static Path data;
    static Path pairs;

    @BeforeAll
    static void setUp() throws IOException {
        conditional = Teacher.load(TinyTeacher.write(shared.resolve("teacher"), 2, 21).toString(), CPU);
        data = TinyImages.write(shared.resolve("data"), 7, 2, 5);
        pairs = encode(conditional, DataSpec.parse(data.toString()), Split.ALL, shared.resolve("pairs"), 4, 5);
    }

    /** Encodes a split with the API, as the encode command does. */
    static Path encode(Teacher teacher, DataSpec source, Split split, Path out, int levels, int shardSize) throws IOException {
        ImageDataset ds = ImageDataset.open(source, TinyTeacher.RESOLUTION, split);
        try (PairFolder folder = PairFolder.open(out)) {
            PairManifest m = folder.adopt(PairManifest.create(teacher.describe(), source.resolve(), split, ds.resolution(), ds.channels(),
                    ds.size(), 0, ds.classes(), DataHash.of(ds), levels, shardSize, BATCH));
            new PairEncoder(folder, m, ds, teacher.denoiser(), teacher.config().labelDim() > 0, CPU).run(new PairEncoder.Listener() {
                @Override
                public void started(int shards, int present, long pairsToEncode) {
                }

                @Override
                public void encoded(long pairsEncoded) {
                }

                @Override
                public void shardWritten(int shard) {
                }

                @Override
                public void message(String text) {
                }
            });
        }
        return out;
    }

    @Test
    void idsFlipsAndLabelsFollowTheDataSet() throws IOException {
        PairSet set = PairSet.open(pairs);
        ImageDataset ds = ImageDataset.open(DataSpec.parse(data.toString()), TinyTeacher.RESOLUTION, Split.ALL);
        assertEquals(2 * ds.size(), set.size());
        assertTrue(set.labelled());
        assertEquals(2, set.numClasses());
        for (PairSet.Pair p : set.pairs()) {
            int image = p.index() / 2;
            assertEquals(ds.id(image), p.id(), "pair " + p.index());
            assertEquals(p.index() % 2 == 1, p.flip(), "pair " + p.index());
            assertEquals(ds.label(image), p.label(), "pair " + p.index());
            assertEquals(3 * 8 * 8, p.latent().length);
        }
    }

    @Test
    void imagesAreTheDataSetsMirroredWherePairsWere() throws IOException {
        PairSet set = PairSet.open(pairs);
        PairImages images = set.images(TinyTeacher.RESOLUTION, null, null, DataLog.NONE);
        ImageDataset ds = images.dataset();
        for (int p = 0; p < set.size(); p++) {
            float[] got = images.images(CPU, new int[] {p}).toFloatArray();
            ByteImage img = ds.image(p / 2);
            ByteImage expected = p % 2 == 1 ? img.flipHorizontal() : img;
            float[] want = new float[got.length];
            for (int i = 0; i < want.length; i++) {
                want[i] = (expected.data()[i] & 0xFF) / 127.5f - 1f;
            }
            assertArrayEquals(want, got, "pair " + p);
        }
        assertFalse(Arrays.equals(set.latent(0), set.latent(1)), "an image and its mirror have different latents");
    }

    /** Each batch the encoder saw, rebuilt from the reader's images and labels, encodes to exactly the stored latents. */
    @Test
    void storedLatentsAreTheEncoderOfTheReadersImages() throws IOException {
        PairSet set = PairSet.open(pairs);
        PairImages images = set.images(TinyTeacher.RESOLUTION, null, null, DataLog.NONE);
        PairManifest m = set.manifest();
        Encoder encoder = new Encoder(conditional.denoiser(), m.grid(), Solver.HEUN, true);
        for (int k = 0; k < m.shards(); k++) {
            for (int from = 0; from < m.shardCount(k); from += m.batch()) {
                int b = Math.min(m.batch(), m.shardCount(k) - from);
                int[] batch = new int[b];
                for (int i = 0; i < b; i++) {
                    batch[i] = (int) m.shardFirst(k) + from + i;
                }
                PairSet.Batch pb = set.batch(CPU, batch, images);
                Tensor z = encoder.encode(pb.images(), pb.labels());
                assertArrayEquals(pb.latents().toFloatArray(), z.toFloatArray(), "shard " + k + ", pairs from " + batch[0]);
            }
        }
    }

    @Test
    void imagesAtAnotherResolutionAreFoundById() throws IOException {
        PairSet set = PairSet.open(pairs);
        PairImages small = set.images(4, null, null, DataLog.NONE);
        Tensor t = small.images(CPU, new int[] {0, 1, 5});
        assertArrayEquals(new int[] {3, 3, 4, 4}, t.shape());
        ImageDataset ds4 = small.dataset();
        int row = ds4.indexOf(set.id(5));
        float[] mirrored = ds4.batch(CPU, new int[] {row}, new boolean[] {true}).toFloatArray();
        assertArrayEquals(mirrored, Arrays.copyOfRange(t.toFloatArray(), 2 * 48, 3 * 48));
    }

    @Test
    void otherImagesAtThePairsResolutionAreRefused() throws IOException {
        PairSet set = PairSet.open(pairs);
        Path changed = TinyImages.write(shared.resolve("changed"), 7, 2, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> set.images(TinyTeacher.RESOLUTION, DataSpec.parse(changed.toString()), null, DataLog.NONE));
        assertTrue(e.getMessage().contains("not the data"), e.getMessage());
    }

    @Test
    void anUnfinishedOrDamagedFolderIsAnErrorNamingTheShard() throws IOException {
        Path copy = Files.createDirectories(shared.resolve("damaged"));
        try (var s = Files.list(pairs)) {
            for (Path p : s.toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        assertNull(PairShard.problem(copy, PairManifest.read(copy), 1));
        Files.delete(copy.resolve("shard-00001.safetensors"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> PairSet.open(copy));
        assertTrue(missing.getMessage().contains("shard-00001.safetensors") && missing.getMessage().contains("resume"), missing.getMessage());
        Files.writeString(copy.resolve("shard-00001.safetensors"), "not a safetensors file");
        IllegalArgumentException damaged = assertThrows(IllegalArgumentException.class, () -> PairSet.open(copy));
        assertTrue(damaged.getMessage().contains("shard-00001.safetensors"), damaged.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> PairSet.open(shared.resolve("data")));
        assertTrue(none.getMessage().contains(PairManifest.FILE), none.getMessage());
    }

    @Test
    void aSecondEncodeCannotTakeAFolderInUse() throws IOException {
        Path dir = shared.resolve("locked");
        try (PairFolder first = PairFolder.open(dir)) {
            PairFolder.RefusedException e = assertThrows(PairFolder.RefusedException.class, () -> PairFolder.open(dir));
            assertTrue(e.getMessage().contains("another encode"), e.getMessage());
        }
        PairFolder.open(dir).close();
    }

    /** The installed emoji font: the held-out split encoded on a 2-level grid (2 evaluations) and read back. */
    @Test
    void emojiPairsLineUpWithTheFont() throws IOException {
        Path font;
        try {
            font = EmojiFont.locate();
        } catch (RuntimeException e) {
            font = null;
        }
        assumeTrue(font != null, "fonts-noto-color-emoji is not installed");
        Teacher unconditional = Teacher.load(TinyTeacher.write(shared.resolve("emoji-teacher"), 0, 8).toString(), CPU);
        Path dir = encode(unconditional, DataSpec.parse("emoji"), Split.TEST, shared.resolve("emoji-pairs"), 2, 256);
        PairSet set = PairSet.open(dir);
        assertFalse(set.labelled());
        PairImages images = set.images(TinyTeacher.RESOLUTION, DataLog.NONE);
        assertTrue(Files.exists(dir.resolve(ImageDataset.cacheFileName(DataSpec.parse("emoji"), TinyTeacher.RESOLUTION))));
        assertEquals(2 * images.dataset().size(), set.size());
        for (int p : new int[] {0, 1, set.size() - 1}) {
            assertEquals(images.dataset().id(p / 2), set.id(p));
            assertEquals(-1, set.label(p));
        }
    }
}
