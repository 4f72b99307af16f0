package pagoda.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesAndReplacesWithoutLeavingTemporaryFiles() throws IOException {
        Path f = dir.resolve("out.txt");
        AtomicFiles.writeString(f, "first \u00e9");
        assertEquals("first \u00e9", Files.readString(f));
        AtomicFiles.writeBytes(f, new byte[] {1, 2, 3});
        assertEquals(3, Files.size(f));
        assertEquals(List.of("out.txt"), listing());
    }

    @Test
    void contentMayCloseItsStreamAndWriteLargeData() throws IOException {
        Path f = dir.resolve("big.bin");
        byte[] chunk = new byte[3 << 20];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 31);
        }
        AtomicFiles.write(f, out -> {
            try (OutputStream o = out) {
                o.write(chunk);
                o.write(7);
            }
        });
        byte[] back = Files.readAllBytes(f);
        assertEquals(chunk.length + 1, back.length);
        assertEquals(chunk[chunk.length - 1], back[chunk.length - 1]);
        assertEquals(7, back[chunk.length]);
    }

    @Test
    void failureMidwayKeepsTheOldFileAndRemovesTheTemporary() throws IOException {
        Path f = dir.resolve("ckpt.bin");
        AtomicFiles.writeString(f, "old content");
        IOException boom = new IOException("disk full (simulated)");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[2 << 20]);
            throw boom;
        }));
        assertSame(boom, e);
        assertEquals("old content", Files.readString(f));
        assertEquals(List.of("ckpt.bin"), listing());

        RuntimeException bug = new IllegalStateException("bug in the content");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> {
            out.write(1);
            throw bug;
        })));
        assertEquals("old content", Files.readString(f));
        assertEquals(List.of("ckpt.bin"), listing());
    }

    @Test
    void failedRenameRemovesTheTemporary() throws IOException {
        Path target = dir.resolve("a-directory");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "x");
        assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "text"));
        assertTrue(Files.isDirectory(target));
        assertEquals(List.of("a-directory"), listing());
    }

    @Test
    void missingDirectoryIsNamed() {
        Path f = dir.resolve("no-such-dir").resolve("x.json");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> AtomicFiles.writeString(f, "{}"));
        assertEquals(f + ": the directory " + f.getParent() + " does not exist", e.getMessage());
    }
}
