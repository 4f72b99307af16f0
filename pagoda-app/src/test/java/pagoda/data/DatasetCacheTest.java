package pagoda.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decoded-data cache: hits reproduce the decode, and a changed source or resolution invalidates it. */
class DatasetCacheTest {
    @TempDir
    Path dir;
    private Path data;
    private Path cache;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void folder() throws IOException {
        data = dir.resolve("data");
        for (int i = 0; i < 12; i++) {
            TestImages.write(data.resolve((i % 3 == 0 ? "a/" : "b/") + "img" + i + ".png"), TestImages.png(TestImages.pattern(20 + i, 17, i)));
        }
        TestImages.write(data.resolve("b/notes.txt"), "x".getBytes());
        cache = dir.resolve("cache.safetensors");
    }

    private ImageDataset open(int resolution, Split split) throws IOException {
        return ImageDataset.open(DataSpec.parse(data.toString()), resolution, split, cache, log::add);
    }

    private static void assertSameData(ImageDataset a, ImageDataset b) {
        assertEquals(a.size(), b.size());
        assertArrayEquals(a.ids(), b.ids());
        assertEquals(a.classes(), b.classes());
        assertEquals(a.skipped(), b.skipped());
        assertEquals(a.dropped(), b.dropped());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.label(i), b.label(i));
            assertEquals(a.image(i), b.image(i));
        }
    }

    @Test
    void aSecondOpenReadsTheCacheAndMatchesTheDecode() throws IOException {
        ImageDataset first = open(8, Split.ALL);
        assertFalse(first.fromCache());
        assertTrue(Files.isRegularFile(cache));
        ImageDataset second = open(8, Split.ALL);
        assertTrue(second.fromCache());
        assertSameData(first, second);
        assertSameData(ImageDataset.open(DataSpec.parse(data.toString()), 8, Split.TEST), open(8, Split.TEST));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("cache.safetensors", "data"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files are left behind");
        }
    }

    @Test
    void aChangedFileInvalidatesTheCache() throws IOException {
        open(8, Split.ALL);
        Path f = data.resolve("b/img1.png");
        Files.write(f, TestImages.png(TestImages.pattern(21, 17, 99)));
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5000));
        ImageDataset after = open(8, Split.ALL);
        assertFalse(after.fromCache());
        assertTrue(log.stream().anyMatch(l -> l.contains("was made from another source")), log.toString());
        assertSameData(ImageDataset.open(DataSpec.parse(data.toString()), 8, Split.ALL), after);
        assertTrue(open(8, Split.ALL).fromCache());
    }

    @Test
    void anotherResolutionInvalidatesTheCache() throws IOException {
        open(8, Split.ALL);
        ImageDataset at16 = open(16, Split.ALL);
        assertFalse(at16.fromCache());
        assertEquals(16, at16.resolution());
        assertTrue(open(16, Split.ALL).fromCache());
    }

    @Test
    void aCorruptCacheIsRebuiltNotTrusted() throws IOException {
        Files.write(cache, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        ImageDataset ds = open(8, Split.ALL);
        assertFalse(ds.fromCache());
        assertTrue(log.stream().anyMatch(l -> l.contains("is unreadable")), log.toString());
        assertTrue(open(8, Split.ALL).fromCache());
    }

    @Test
    void viewsAtSeveralResolutionsShareIdsAndCacheSeparately() throws IOException {
        int[] res = {4, 8, 16};
        List<Path> files = List.of(dir.resolve("v4.safetensors"), dir.resolve("v8.safetensors"), dir.resolve("v16.safetensors"));
        List<ImageDataset> views = ImageDataset.openViews(DataSpec.parse(data.toString()), res, Split.TRAIN, files, log::add);
        for (int i = 0; i < res.length; i++) {
            assertEquals(res[i], views.get(i).resolution());
            assertArrayEquals(views.getFirst().ids(), views.get(i).ids());
            assertTrue(Files.isRegularFile(files.get(i)));
        }
        List<ImageDataset> again = ImageDataset.openViews(DataSpec.parse(data.toString()), res, Split.TRAIN, files, log::add);
        for (int i = 0; i < res.length; i++) {
            assertTrue(again.get(i).fromCache());
            assertSameData(views.get(i), again.get(i));
            assertSameData(views.get(i), ImageDataset.open(DataSpec.parse(data.toString()), res[i], Split.TRAIN));
        }
    }
}
