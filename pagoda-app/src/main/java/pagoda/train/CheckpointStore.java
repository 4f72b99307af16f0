package pagoda.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;
import pagoda.tensor.io.SafeTensors;
import pagoda.tensor.io.SafeTensorsWriter;

/**
 * The checkpoints of a run, one safetensors file each ({@code RUN/checkpoints/checkpoint-<images>.safetensors}),
 * the counters and JSON state in its {@code __metadata__}. Files are written atomically, so a crash or Ctrl-C
 * during a write leaves the previous checkpoint as it was; after a successful write only the newest
 * {@link #KEEP} are kept. Tensors are stored as F32, exactly as they are in memory, which is what makes a
 * resumed run bit-identical to an uninterrupted one.
 */
public final class CheckpointStore {
    public static final String DIR = "checkpoints";
    /** Two, so that one good checkpoint remains even if the newest turns out to be unreadable. */
    static final int KEEP = 2;
    static final String FORMAT = "pagoda-train-checkpoint/1";
    private static final String FORMAT_KEY = "format";
    private static final String STATE_KEY = "state";
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.safetensors");

    private final Path dir;

    /** The store of {@code runDir}; the folder {@link #DIR} is created when missing. */
    public CheckpointStore(Path runDir) throws IOException {
        this.dir = Files.createDirectories(runDir.resolve(DIR));
    }

    public Path dir() {
        return dir;
    }

    /** The file of the checkpoint after {@code images} images. */
    public Path fileFor(long images) {
        return dir.resolve(String.format("checkpoint-%012d.safetensors", images));
    }

    /** Writes a checkpoint atomically, then deletes all but the newest {@link #KEEP}; returns its file. */
    public Path write(Checkpoint c) throws IOException {
        SafeTensorsWriter w = new SafeTensorsWriter();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            w.put(e.getKey(), e.getValue());
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("step", c.step());
        state.put("images", c.images());
        state.putAll(c.state());
        w.metadata(FORMAT_KEY, FORMAT);
        w.metadata(STATE_KEY, Json.write(state));
        Path file = fileFor(c.images());
        w.write(file);
        List<Path> files = list();
        for (int i = KEEP; i < files.size(); i++) {
            Files.deleteIfExists(files.get(i));
        }
        return file;
    }

    /** Checkpoint files, newest (most images) first. */
    public List<Path> list() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(files::add);
        }
        files.sort(Comparator.comparingLong(CheckpointStore::imagesOf).reversed());
        return files;
    }

    /**
     * The newest checkpoint that reads back completely, its tensors on {@code backend}; null when there is
     * none. A file that does not read is reported on {@code err} and the previous one is tried.
     */
    public Checkpoint latest(Backend backend, PrintWriter err) throws IOException {
        for (Path file : list()) {
            try {
                return read(file, backend);
            } catch (IllegalArgumentException e) {
                err.println("warning: skipping unreadable checkpoint " + file + ": " + e.getMessage());
            }
        }
        return null;
    }

    /** Reads one checkpoint file. */
    public static Checkpoint read(Path file, Backend backend) throws IOException {
        try (SafeTensors st = SafeTensors.open(file)) {
            String format = st.metadata().get(FORMAT_KEY);
            if (!FORMAT.equals(format)) {
                throw new IllegalArgumentException(file + ": not a training checkpoint (metadata format is "
                        + (format == null ? "missing" : "'" + format + "'") + ", expected '" + FORMAT + "')");
            }
            String stateText = st.metadata().get(STATE_KEY);
            if (stateText == null) {
                throw new IllegalArgumentException(file + ": the metadata has no '" + STATE_KEY + "'");
            }
            JsonFields f = JsonFields.of(Json.parse(stateText, file + " (metadata " + STATE_KEY + ")"), file.toString());
            Map<String, Object> state = new LinkedHashMap<>(f.asMap());
            long step = f.getLong("step");
            long images = f.getLong("images");
            state.remove("step");
            state.remove("images");
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (String name : st.names()) {
                tensors.put(name, st.readTensor(name, backend));
            }
            return new Checkpoint(step, images, tensors, state);
        }
    }

    private static long imagesOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a checkpoint file name: " + file);
        }
        return Long.parseLong(m.group(1));
    }
}
