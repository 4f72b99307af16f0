package pagoda.data;

/** A data source that cannot be used: missing, empty, or not what it claims to be. The message names the source. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
