package pagoda.tensor;

/**
 * A flat buffer of elements owned by one backend. Tensors are views (shape, strides, offset) onto a
 * storage; several tensors may share one.
 */
public abstract class Storage {
    private final Backend backend;
    private final long numel;

    protected Storage(Backend backend, long numel) {
        this.backend = backend;
        this.numel = numel;
    }

    public final Backend backend() {
        return backend;
    }

    /** Number of elements the buffer holds. */
    public final long numel() {
        return numel;
    }
}
