package pagoda.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders with class sub-folders, good, corrupt and odd files. */
class ImageFolderTest {
    @TempDir
    Path dir;

    private void classFolders() throws IOException {
        TestImages.write(dir.resolve("cats/a.png"), TestImages.png(TestImages.pattern(40, 30, 1)));
        TestImages.write(dir.resolve("cats/deeper/b.jpg"), TestImages.encode(TestImages.pattern(20, 50, 2), "jpg"));
        TestImages.write(dir.resolve("dogs/c.png"), TestImages.png(TestImages.argb(33, 33, (x, y) -> (x * 8 << 24) | 0x00FF00)));
        TestImages.write(dir.resolve("dogs/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3});
        TestImages.write(dir.resolve("dogs/readme.txt"), "not an image".getBytes());
        TestImages.write(dir.resolve("stray.png"), TestImages.png(TestImages.pattern(8, 8, 3)));
        TestImages.write(dir.resolve(".thumbs/hidden.png"), TestImages.png(TestImages.pattern(8, 8, 4)));
        TestImages.write(dir.resolve("dogs/.DS_Store"), new byte[] {0, 0, 0, 1});
    }

    @Test
    void subFoldersAreClassesAndBadFilesAreSkippedAndListed() throws IOException {
        classFolders();
        List<String> lines = new ArrayList<>();
        ImageDataset ds = ImageDataset.open(DataSpec.parse(dir.toString()), 16, Split.ALL, null, lines::add);
        assertEquals(List.of("cats", "dogs"), ds.classes());
        assertEquals(3, ds.size());
        int[] perClass = new int[2];
        for (int i = 0; i < ds.size(); i++) {
            perClass[ds.label(i)]++;
        }
        assertEquals(2, perClass[0]);
        assertEquals(1, perClass[1]);
        List<String> skipped = ds.skipped().stream().map(SourceItem.Skipped::item).sorted().toList();
        assertEquals(List.of("dogs/broken.png", "dogs/readme.txt", "stray.png"), skipped);
        for (String s : skipped) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("skipped " + s + ": ")), "log lists " + s + ": " + lines);
        }
        assertEquals(3, ds.channels());
        assertEquals(16, ds.image(0).height());
    }

    @Test
    void idsAreHashesOfRelativePathsAndIgnoreOtherFiles() throws IOException {
        classFolders();
        ImageDataset before = ImageDataset.open(DataSpec.parse(dir.toString()), 8, Split.ALL);
        TestImages.write(dir.resolve("cats/new.png"), TestImages.png(TestImages.pattern(9, 9, 5)));
        ImageDataset after = ImageDataset.open(DataSpec.parse(dir.toString()), 8, Split.ALL);
        assertEquals(before.size() + 1, after.size());
        for (int i = 0; i < before.size(); i++) {
            int j = after.indexOf(before.id(i));
            assertTrue(j >= 0);
            assertEquals(before.image(i), after.image(j));
        }
        assertEquals(ImageFolder.id("cats/a.png"), before.id(0));
    }

    @Test
    void aFolderWithoutSubFoldersIsUnlabelled() throws IOException {
        TestImages.write(dir.resolve("x.png"), TestImages.png(TestImages.pattern(12, 12, 1)));
        TestImages.write(dir.resolve("y.bmp"), TestImages.encode(TestImages.pattern(12, 20, 2), "bmp"));
        ImageDataset ds = ImageDataset.open(DataSpec.parse(dir.toString()), 8, Split.ALL);
        assertEquals(2, ds.size());
        assertEquals(List.of(), ds.classes());
        assertEquals(-1, ds.label(0));
        assertThrows(IllegalStateException.class, () -> ds.oneHot(pagoda.tensor.Backends.reference(), new int[] {0}));
    }

    @Test
    void noUsableImageIsAnErrorNamingTheSource() throws IOException {
        TestImages.write(dir.resolve("a/readme.txt"), "text".getBytes());
        TestImages.write(dir.resolve("a/bad.png"), new byte[] {1, 2, 3});
        DataException e = assertThrows(DataException.class, () -> ImageDataset.open(DataSpec.parse(dir.toString()), 8, Split.ALL));
        assertTrue(e.getMessage().contains("folder source " + dir.toAbsolutePath().normalize() + ": no usable image (2 items, 2 skipped, 0 dropped)"),
                e.getMessage());
    }

    @Test
    void aMissingFolderIsNamed() {
        Path missing = dir.resolve("nope");
        DataException e = assertThrows(DataException.class, () -> ImageDataset.open(DataSpec.parse(missing.toString()), 8, Split.ALL));
        assertEquals("folder source " + missing + ": not a folder (it does not exist)", e.getMessage());
    }

    @Test
    void anEmptyFolderIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        DataException e = assertThrows(DataException.class, () -> ImageDataset.open(DataSpec.parse(dir.resolve("empty").toString()), 8, Split.ALL));
        assertTrue(e.getMessage().contains("no usable image (0 items"), e.getMessage());
    }
}
