package pagoda.autograd;

/**
 * A scope in which ops record nothing: {@code try (NoGrad _ = NoGrad.enter()) { ... }}. Scopes nest and
 * belong to the thread that entered them.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final Thread owner;
    private boolean closed;

    private NoGrad() {
        this.owner = Thread.currentThread();
    }

    public static NoGrad enter() {
        DEPTH.get()[0]++;
        return new NoGrad();
    }

    /** True inside a no-grad scope of the current thread. */
    public static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("NoGrad: closed on thread " + Thread.currentThread().getName()
                    + " but entered on " + owner.getName());
        }
        closed = true;
        DEPTH.get()[0]--;
    }
}
