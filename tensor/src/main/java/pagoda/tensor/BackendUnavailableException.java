package pagoda.tensor;

/** A backend cannot run here: its module is absent, or its device or driver is. The message reads "cuda: unavailable (reason)". */
public class BackendUnavailableException extends RuntimeException {
    private final String backend;
    private final String reason;

    public BackendUnavailableException(String backend, String reason, Throwable cause) {
        super(backend + ": unavailable (" + reason + ")", cause);
        this.backend = backend;
        this.reason = reason;
    }

    public String backend() {
        return backend;
    }

    /** Why, in one line. */
    public String reason() {
        return reason;
    }
}
