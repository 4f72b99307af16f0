package pagoda.pairs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The output folder of {@code pagoda encode}, held by one process at a time: a lock file keeps a second
 * encode out, and only files an encode writes may be found in it (manifest, shards, the data cache, and the
 * temporary files a killed write leaves, which are removed before resuming).
 */
public final class PairFolder implements AutoCloseable {
    static final String LOCK = ".lock";
    private static final Pattern OURS = Pattern.compile(
            "manifest\\.json|shard-\\d{5}\\.safetensors|data-.*\\.safetensors|\\.lock|\\..*\\.tmp");
    private static final Pattern TEMP = Pattern.compile("\\.(manifest\\.json|shard-\\d{5}\\.safetensors|data-.*\\.safetensors)\\..*\\.tmp");

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private PairFolder(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Signals that a folder cannot take this encode; the message says why and what to do. */
    public static final class RefusedException extends IllegalArgumentException {
        public RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Creates {@code dir} when missing (and its parents), checks that it holds nothing but an encode's files,
     * takes its lock and removes temporary files of interrupted writes.
     *
     * @throws RefusedException when it holds other files or another encode holds it
     */
    public static PairFolder open(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RefusedException(dir + " is a file, not a folder");
        }
        Files.createDirectories(dir);
        List<String> foreign = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (!OURS.matcher(name).matches() || Files.isDirectory(p)) {
                    foreign.add(name);
                }
            }
        }
        if (!foreign.isEmpty()) {
            foreign.sort(null);
            throw new RefusedException(dir + " holds files that ./pagoda encode did not write (" + String.join(", ",
                    foreign.subList(0, Math.min(5, foreign.size()))) + (foreign.size() > 5 ? ", ..." : "")
                    + "); choose a new or empty folder");
        }
        FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new RefusedException(dir + " is being written by another encode (its " + LOCK + " is held)");
        }
        PairFolder folder = new PairFolder(dir, channel, lock);
        folder.removeTemporaryFiles();
        return folder;
    }

    private void removeTemporaryFiles() throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (TEMP.matcher(p.getFileName().toString()).matches()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * The manifest this encode goes by: {@code fresh}, written now, when the folder has none; otherwise the
     * folder's own, when it describes the same shards.
     *
     * @throws RefusedException listing the fields that differ
     */
    public PairManifest adopt(PairManifest fresh) throws IOException {
        if (!Files.exists(dir.resolve(PairManifest.FILE))) {
            fresh.write(dir);
            return fresh;
        }
        PairManifest existing = PairManifest.read(dir);
        List<String> diff = existing.differences(fresh);
        if (!diff.isEmpty()) {
            throw new RefusedException(dir + " holds pairs made otherwise (" + String.join("; ", diff)
                    + "; the folder's value first); resuming would mix them: use another folder, or delete this one to start over");
        }
        return existing;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
