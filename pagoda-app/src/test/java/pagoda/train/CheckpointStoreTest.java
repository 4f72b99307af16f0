package pagoda.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/** Checkpoints are written whole or not at all, read back exactly, and only the newest two are kept. */
class CheckpointStoreTest {
    @TempDir
    Path run;

    private final Backend cpu = Backends.cpu();

    /** Large enough (2 MB) that writing it takes several flushes of the 1 MB write buffer. */
    private Checkpoint checkpoint(long images, long seed) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("net.w", Ops.normal(cpu, seed, 0, 0f, 1f, 512, 1024));
        tensors.put("optim.w.step", Tensor.scalar(cpu, images / 4f));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("data", Map.of("position", images));
        return new Checkpoint(images / 4, images, tensors, state);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(run.resolve(CheckpointStore.DIR))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void roundTripIsExact() throws IOException {
        CheckpointStore store = new CheckpointStore(run);
        Checkpoint c = checkpoint(64, 1);
        store.write(c);
        Checkpoint back = store.latest(cpu, new PrintWriter(new StringWriter()));
        assertEquals(16, back.step());
        assertEquals(64, back.images());
        assertEquals(c.tensors().keySet(), back.tensors().keySet());
        for (String name : c.tensors().keySet()) {
            assertArrayEquals(c.tensors().get(name).toFloatArray(), back.tensors().get(name).toFloatArray(), name);
        }
        assertEquals(Map.of("position", 64L), back.state().get("data"));
    }

    @Test
    void keepsTheNewestTwo() throws IOException {
        CheckpointStore store = new CheckpointStore(run);
        for (long images = 32; images <= 128; images += 32) {
            store.write(checkpoint(images, images));
        }
        assertEquals(List.of("checkpoint-000000000096.safetensors", "checkpoint-000000000128.safetensors"), files());
    }

    @Test
    void anInterruptedWriteLeavesThePreviousCheckpointAndNoPartialFile() throws IOException {
        CheckpointStore store = new CheckpointStore(run);
        Path good = store.write(checkpoint(32, 1));
        byte[] before = Files.readAllBytes(good);
        // An interrupt closes the file channel at its next write, in the middle of the tensor data.
        Thread.currentThread().interrupt();
        try {
            assertThrows(IOException.class, () -> store.write(checkpoint(64, 2)));
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of(good.getFileName().toString()), files(), "only the good checkpoint, no temporary file");
        assertArrayEquals(before, Files.readAllBytes(good));
        assertEquals(32, store.latest(cpu, new PrintWriter(new StringWriter())).images());
    }

    @Test
    void anUnreadableNewestCheckpointFallsBackToThePreviousOne() throws IOException {
        CheckpointStore store = new CheckpointStore(run);
        store.write(checkpoint(32, 1));
        Files.write(store.fileFor(64), new byte[] {1, 2, 3});
        StringWriter warnings = new StringWriter();
        Checkpoint c = store.latest(cpu, new PrintWriter(warnings, true));
        assertEquals(32, c.images());
        assertTrue(warnings.toString().contains("checkpoint-000000000064.safetensors"), warnings.toString());
    }

    @Test
    void aFileOfAnotherKindIsNamedAsSuch() throws IOException {
        Path file = run.resolve("other.safetensors");
        new pagoda.tensor.io.SafeTensorsWriter().put("x", Tensor.scalar(cpu, 1f)).write(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointStore.read(file, cpu));
        assertTrue(e.getMessage().contains("not a training checkpoint"), e.getMessage());
    }
}
