package pagoda.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT, SIGTERM) into an orderly stop: a shutdown hook raises a flag that the training loop
 * reads between steps, then holds the JVM open until the loop has finished its step and written a
 * checkpoint ({@link #finished}), or until {@link #MAX_WAIT_SECONDS} have passed.
 */
public final class StopSignal implements AutoCloseable {
    /** Long enough for a step, a sample grid and a checkpoint of the presets on a slow machine. */
    static final long MAX_WAIT_SECONDS = 600;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;
    private volatile Runnable onRequest = () -> { };

    private StopSignal(boolean install) {
        hook = install ? new Thread(this::stopAndWait, "pagoda-train-stop") : null;
        if (hook != null) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /** A signal raised by the JVM's shutdown (Ctrl-C). */
    public static StopSignal onShutdown() {
        return new StopSignal(true);
    }

    /** A signal raised only by {@link #request}, for tests and embedding code. */
    public static StopSignal manual() {
        return new StopSignal(false);
    }

    /** Runs {@code action} (once) when a stop is requested, for instance to tell the user what happens next. */
    public void onRequest(Runnable action) {
        onRequest = action;
    }

    /** Asks the loop to stop after its current step. */
    public void request() {
        if (!requested) {
            requested = true;
            onRequest.run();
        }
    }

    public boolean requested() {
        return requested;
    }

    /** Called by the loop once its last checkpoint is written: lets a waiting shutdown proceed. */
    public void finished() {
        finished.countDown();
    }

    private void stopAndWait() {
        request();
        try {
            finished.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Removes the hook (unless the JVM is already shutting down) and releases any waiting shutdown. */
    @Override
    public void close() {
        finished.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it returns at once, since the latch is open.
            }
        }
    }
}
