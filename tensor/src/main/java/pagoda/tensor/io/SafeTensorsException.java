package pagoda.tensor.io;

import java.nio.file.Path;

/**
 * A safetensors file that breaks the format, or data that cannot be stored in the requested dtype. The
 * message names the file and, where one is concerned, the tensor: {@code "model.safetensors: tensor 'w':
 * shape [3, 4] of F32 needs 48 bytes but data_offsets [0, 40] hold 40"}.
 */
public final class SafeTensorsException extends IllegalArgumentException {
    private final transient Path file;
    private final String tensor;

    SafeTensorsException(Path file, String tensor, String detail) {
        this(file, tensor, detail, null);
    }

    SafeTensorsException(Path file, String tensor, String detail, Throwable cause) {
        super(file + (tensor == null ? "" : ": tensor '" + tensor + "'") + ": " + detail, cause);
        this.file = file;
        this.tensor = tensor;
    }

    /** The file being read or written. */
    public Path file() {
        return file;
    }

    /** The tensor concerned, or null when the problem is with the file as a whole. */
    public String tensor() {
        return tensor;
    }
}
