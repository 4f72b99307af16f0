package pagoda.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import pagoda.tensor.io.AtomicFiles;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonException;
import pagoda.tensor.io.JsonFields;

/**
 * A run's {@code log.jsonl}: one JSON object per line ({@link LogEntry}), appended as training goes. A crash
 * can leave a torn last line; {@link #open} drops it, and also every entry after the checkpoint a resumed
 * run continues from, so that the log always describes the one history that the weights have.
 */
public final class TrainLog implements AutoCloseable {
    public static final String FILE = "log.jsonl";

    private final Path file;
    private final List<LogEntry> entries;
    private final BufferedWriter writer;

    private TrainLog(Path file, List<LogEntry> entries, BufferedWriter writer) {
        this.file = file;
        this.entries = entries;
        this.writer = writer;
    }

    /**
     * Opens the log of {@code runDir} for appending, keeping the entries up to {@code keepUpToImages}
     * (the images of the checkpoint resumed from; 0 for a new run).
     *
     * @throws JsonException naming the file and line when a complete line is not a log entry
     */
    public static TrainLog open(Path runDir, long keepUpToImages) throws IOException {
        Path file = runDir.resolve(FILE);
        List<LogEntry> kept = new ArrayList<>();
        for (LogEntry e : read(runDir)) {
            if (e.images() <= keepUpToImages) {
                kept.add(e);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (LogEntry e : kept) {
            sb.append(Json.write(e.toJson())).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
        BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return new TrainLog(file, kept, writer);
    }

    /**
     * The complete entries of {@code runDir}'s log (none when there is no log), without changing the file.
     *
     * @throws JsonException naming the file and line when a complete line is not a log entry
     */
    public static List<LogEntry> read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        List<LogEntry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
        // The last element is what follows the final newline: empty, or a line torn by a crash.
        for (int i = 0; i < lines.length - 1; i++) {
            if (!lines[i].isBlank()) {
                String where = file + ":" + (i + 1);
                entries.add(LogEntry.fromJson(JsonFields.of(Json.parse(lines[i], where), where)));
            }
        }
        return entries;
    }

    /** Appends an entry and flushes it to the file. */
    public void append(LogEntry entry) throws IOException {
        entries.add(entry);
        writer.write(Json.write(entry.toJson()));
        writer.write('\n');
        writer.flush();
    }

    /** The entries so far, oldest first (read-only). */
    public List<LogEntry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** The last entry, or null for an empty log. */
    public LogEntry last() {
        return entries.isEmpty() ? null : entries.getLast();
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
