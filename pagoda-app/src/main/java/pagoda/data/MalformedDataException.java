package pagoda.data;

import java.nio.file.Path;

/**
 * A file that breaks its format. The message names the file, where in it (a font table and byte offset,
 * an IDX header field) and what was expected there.
 */
public final class MalformedDataException extends DataException {
    private final transient Path file;

    public MalformedDataException(Path file, String where, String message) {
        super(file + ": " + where + ": " + message);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
